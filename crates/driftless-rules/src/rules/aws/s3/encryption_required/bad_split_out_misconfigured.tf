resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

# Only the bucket key is set: no default encryption is declared.
resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id

  rule { # expect: aws-s3-encryption-required
    bucket_key_enabled = true
  }
}
