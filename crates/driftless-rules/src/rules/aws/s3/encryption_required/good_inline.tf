resource "aws_kms_key" "logs" {
  enable_key_rotation = true
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_key.logs.arn
      }
    }
  }
}

resource "aws_s3_bucket" "archive" {
  bucket = "acme-archive"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms:dsse"
      }
    }
  }
}
