variable "trail_key" {
  type = string
}

resource "aws_kms_key" "trail" {
  description = "CloudTrail"
}

resource "aws_kms_alias" "trail" {
  name          = "alias/cloudtrail"
  target_key_id = aws_kms_key.trail.key_id
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "audit-logs-111122223333"
  kms_key_id     = var.trail_key
}

resource "aws_cloudtrail" "from_alias" {
  name           = "from-alias"
  s3_bucket_name = "audit-logs-111122223333"
  kms_key_id     = aws_kms_alias.trail.target_key_arn
}
