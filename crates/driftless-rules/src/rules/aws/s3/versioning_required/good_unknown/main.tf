variable "enabled" {
  type = bool
}

variable "status" {
  type = string
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

# Configures a bucket this configuration does not manage: not `split` or `inline`, and
# checked on its own.
resource "aws_s3_bucket_versioning" "existing" {
  bucket = "acme-existing"

  versioning_configuration {
    status = "Enabled"
  }
}
