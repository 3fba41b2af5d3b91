variable "sse_algorithm" {
  type = string
}

variable "bucket_name" {
  type = string
}

variable "rules" {
  type = list(string)
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = var.sse_algorithm
    }
  }
}

# The configuration's bucket is not known: it may be this one's.
resource "aws_s3_bucket" "named" {
  bucket = "acme-named"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "named" {
  bucket = var.bucket_name

  dynamic "rule" {
    for_each = var.rules
    content {
      apply_server_side_encryption_by_default {
        sse_algorithm = rule.value
      }
    }
  }
}
