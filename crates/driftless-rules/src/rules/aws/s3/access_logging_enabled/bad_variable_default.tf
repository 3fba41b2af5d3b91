variable "access_logging" {
  type    = bool
  default = false
}

# The logging resource exists but is switched off: the finding recommends the input rather
# than a second `aws_s3_bucket_logging`.
resource "aws_s3_bucket" "data" { # expect: aws-s3-access-logging-enabled
  bucket = "acme-data"
}

resource "aws_s3_bucket_logging" "data" {
  count         = var.access_logging ? 1 : 0
  bucket        = aws_s3_bucket.data.id
  target_bucket = "acme-access-logs"
  target_prefix = "data/"
}
