variable "name" {
  type = string
}

variable "versioning_status" {
  type    = string
  default = "Enabled"
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = var.versioning_status # expect: aws-s3-versioning-required
  }
}
