variable "sse_algorithm" {
  type    = string
  default = "AES-256"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = var.sse_algorithm # expect: aws-s3-encryption-required
    }
  }
}
