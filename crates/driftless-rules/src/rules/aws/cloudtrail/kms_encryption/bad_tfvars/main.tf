variable "trail_key" {
  type    = string
  default = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "audit-logs-111122223333"
  kms_key_id     = var.trail_key # expect: aws-cloudtrail-kms-encryption
}
