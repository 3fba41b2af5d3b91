resource "aws_cloudtrail" "main" { # expect: aws-cloudtrail-kms-encryption
  name                  = "main"
  s3_bucket_name        = "audit-logs-111122223333"
  is_multi_region_trail = true
}

resource "aws_kms_key" "trail" {
  description         = "CloudTrail log files"
  enable_key_rotation = true
}
