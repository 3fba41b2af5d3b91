variable "block_public_policy" {
  type    = bool
  default = false
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = var.block_public_policy # expect: aws-s3-public-access-block-required
  ignore_public_acls      = true
  restrict_public_buckets = true
}
