resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "audit-logs-111122223333"
  kms_key_id     = "" # expect: aws-cloudtrail-kms-encryption
}

resource "aws_cloudtrail" "nulled" {
  name           = "nulled"
  s3_bucket_name = "audit-logs-111122223333"
  kms_key_id     = null # expect: aws-cloudtrail-kms-encryption
}
