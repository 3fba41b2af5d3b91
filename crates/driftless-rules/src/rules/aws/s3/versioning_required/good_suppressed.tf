# driftless:ignore aws-s3-versioning-required reason="cache, rebuilt from source"
resource "aws_s3_bucket" "cache" {
  bucket = "acme-cache"
}

resource "aws_s3_bucket" "tmp" {
  # checkov:skip=CKV_AWS_21:temporary files only
  bucket = "acme-tmp"
}
