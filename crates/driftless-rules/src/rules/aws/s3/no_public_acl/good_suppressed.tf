# driftless:ignore aws-s3-no-public-acl reason="public download mirror, reviewed by security"
resource "aws_s3_bucket" "mirror" {
  bucket = "acme-mirror"
  acl    = "public-read"
}

resource "aws_s3_bucket" "website" {
  # checkov:skip=CKV_AWS_20:static website content
  bucket = "acme-website"
  acl    = "public-read"
}
