variable "public_access_blocked" {
  type = bool
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = var.public_access_blocked # expect: aws-s3-public-access-block-required
  block_public_policy     = var.public_access_blocked
  ignore_public_acls      = var.public_access_blocked
  restrict_public_buckets = var.public_access_blocked
}
