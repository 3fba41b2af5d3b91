# driftless:ignore aws-s3-access-logging-enabled reason="CloudTrail data events cover this bucket"
resource "aws_s3_bucket" "audited" {
  bucket = "acme-audited"
}

resource "aws_s3_bucket" "scratch" {
  # checkov:skip=CKV_AWS_18:scratch space, no access records needed
  bucket = "acme-scratch"
}
