variable "trail_key" {
  type = string
}

data "aws_kms_alias" "trail" {
  name = "alias/cloudtrail"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "audit-logs-111122223333"
  kms_key_id     = var.trail_key
}

resource "aws_cloudtrail" "from_data" {
  name           = "from-data"
  s3_bucket_name = "audit-logs-111122223333"
  kms_key_id     = data.aws_kms_alias.trail.target_key_arn
}
