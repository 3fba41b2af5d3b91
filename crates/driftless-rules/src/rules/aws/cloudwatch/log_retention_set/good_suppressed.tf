# Compliance archive: kept forever by policy, exported to Glacier monthly.
# driftless:ignore aws-cloudwatch-log-retention-set reason="legal hold" expires=2099-12-31
resource "aws_cloudwatch_log_group" "archive" {
  name = "/compliance/archive"
}

resource "aws_cloudwatch_log_group" "checkov_style" {
  # checkov:skip=CKV_AWS_338:debug logs, a week is enough
  name              = "/app/debug"
  retention_in_days = 7
}
