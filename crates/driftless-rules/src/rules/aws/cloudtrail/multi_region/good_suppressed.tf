# driftless:ignore aws-cloudtrail-multi-region reason="keeps eu-west-1 logs apart; the organization trail covers every Region"
resource "aws_cloudtrail" "eu_only" {
  name           = "eu-only"
  s3_bucket_name = "audit-logs-eu-111122223333"
}

resource "aws_cloudtrail" "checkov_style" {
  # checkov:skip=CKV_AWS_67:regional copy for the data residency team
  name           = "regional"
  s3_bucket_name = "audit-logs-111122223333"
}
