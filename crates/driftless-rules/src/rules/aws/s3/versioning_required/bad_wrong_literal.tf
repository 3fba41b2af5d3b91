resource "aws_s3_bucket" "data" {
  bucket = "acme-data"

  versioning {
    enabled = false # expect: aws-s3-versioning-required
  }
}
