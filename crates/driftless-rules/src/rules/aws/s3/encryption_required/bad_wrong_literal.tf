resource "aws_s3_bucket" "data" {
  bucket = "acme-data"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES-256" # expect: aws-s3-encryption-required
      }
    }
  }
}
