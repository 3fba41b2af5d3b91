resource "aws_s3_bucket" "data" {
  bucket = "acme-data"

  logging {
    target_bucket = "acme-access-logs"
    target_prefix = "data/"
  }
}
