resource "aws_s3_bucket" "data" { # expect: aws-s3-encryption-required
  bucket = "acme-data"
}

resource "aws_s3_bucket" "reports" {
  bucket = "acme-reports"

  server_side_encryption_configuration {
    rule { # expect: aws-s3-encryption-required
      bucket_key_enabled = true
    }
  }
}
