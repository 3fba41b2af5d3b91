variable "versioning_status" {
  type    = string
  default = "Suspended"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id

  versioning_configuration {
    status = var.versioning_status # expect: aws-s3-versioning-required
  }
}
