# driftless:ignore aws-cloudtrail-log-validation-required reason="short-lived test trail"
resource "aws_cloudtrail" "test" {
  name           = "test"
  s3_bucket_name = "audit-logs-111122223333"
}

resource "aws_cloudtrail" "checkov_style" {
  # checkov:skip=CKV_AWS_36:the log bucket has object lock instead
  name           = "checkov"
  s3_bucket_name = "audit-logs-111122223333"
}
