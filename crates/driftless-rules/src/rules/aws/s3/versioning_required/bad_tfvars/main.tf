variable "versioning" {
  type = bool
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"

  versioning {
    enabled = var.versioning # expect: aws-s3-versioning-required
  }
}
