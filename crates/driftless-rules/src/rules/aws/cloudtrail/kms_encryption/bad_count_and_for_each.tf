resource "aws_cloudtrail" "per_account" { # expect: aws-cloudtrail-kms-encryption
  count          = 2
  name           = "trail-${count.index}"
  s3_bucket_name = "audit-logs-111122223333"
}

resource "aws_cloudtrail" "by_team" {
  for_each       = { security = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", platform = "" }
  name           = "trail-${each.key}"
  s3_bucket_name = "audit-logs-111122223333"
  kms_key_id     = each.value # expect: aws-cloudtrail-kms-encryption
}
