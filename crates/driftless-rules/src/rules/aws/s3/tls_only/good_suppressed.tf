# driftless:ignore aws-s3-tls-only reason="served to legacy devices over HTTP through CloudFront only"
resource "aws_s3_bucket" "firmware" {
  bucket = "acme-firmware"
}

resource "aws_s3_bucket" "scratch" {
  # kics-scan ignore-block
  bucket = "acme-scratch"
}
