variable "enabled" {
  type = bool
}

variable "status" {
  type = string
}

data "aws_s3_bucket" "existing" {
  bucket = "acme-existing"
}

resource "aws_s3_bucket" "inline" {
  bucket = "acme-inline"

  versioning {
    enabled = var.enabled
  }
}

resource "aws_s3_bucket" "split" {
  bucket = "acme-split"
}

resource "aws_s3_bucket_versioning" "split" {
  bucket = aws_s3_bucket.split.id

  versioning_configuration {
    status = var.status
  }
}

# Configures a bucket read from a data source: not known to be `split` or `inline`, and
# checked on its own.
resource "aws_s3_bucket_versioning" "existing" {
  bucket = data.aws_s3_bucket.existing.id

  versioning_configuration {
    status = "Enabled"
  }
}
