# driftless:ignore aws-s3-encryption-required reason="scratch bucket, SSE-S3 by default"
resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}

resource "aws_s3_bucket" "legacy" {
  # checkov:skip=CKV_AWS_19:legacy bucket, encrypted by the S3 default
  bucket = "acme-legacy"
}
