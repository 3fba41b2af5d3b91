resource "aws_s3_bucket" "data" { # expect: aws-s3-access-logging-enabled
  bucket = "acme-data"
}

resource "aws_s3_bucket" "archive" {
  bucket = "acme-archive"
}

# Meant for `data`, but configures `archive`.
resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.archive.id
  target_bucket = "acme-access-logs"
  target_prefix = "data/"
}
