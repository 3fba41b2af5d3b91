# driftless:ignore aws-cloudtrail-kms-encryption reason="sandbox account, SSE-S3 accepted until 2027" expires=2099-01-01
resource "aws_cloudtrail" "sandbox" {
  name           = "sandbox"
  s3_bucket_name = "audit-logs-111122223333"
}

resource "aws_cloudtrail" "checkov_style" {
  # checkov:skip=CKV_AWS_35:bucket uses SSE-KMS by default encryption
  name           = "checkov"
  s3_bucket_name = "audit-logs-111122223333"
}
