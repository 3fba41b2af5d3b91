resource "aws_s3_bucket" "data" { # expect: aws-s3-encryption-required
  bucket = "acme-data"
}
