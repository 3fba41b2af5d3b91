resource "aws_s3_bucket" "data" { # expect: aws-s3-access-logging-enabled
  bucket = "acme-data"
}

resource "aws_s3_bucket" "reports" {
  bucket = "acme-reports"

  logging {
    target_bucket = aws_s3_bucket.access_logs.id
    target_prefix = "reports/"
  }
}

# Receives the logs of `reports`, and records none of its own.
resource "aws_s3_bucket" "access_logs" { # expect: aws-s3-access-logging-enabled
  bucket = "acme-access-logs"
  acl    = "log-delivery-write"
}
