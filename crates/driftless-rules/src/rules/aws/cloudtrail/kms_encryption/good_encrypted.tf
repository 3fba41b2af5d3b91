resource "aws_kms_key" "trail" {
  description         = "CloudTrail log files"
  enable_key_rotation = true
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "audit-logs-111122223333"
  kms_key_id     = aws_kms_key.trail.arn
}

resource "aws_cloudtrail" "by_alias" {
  name           = "by-alias"
  s3_bucket_name = "audit-logs-111122223333"
  kms_key_id     = "arn:aws:kms:eu-west-1:111122223333:alias/cloudtrail"
}
