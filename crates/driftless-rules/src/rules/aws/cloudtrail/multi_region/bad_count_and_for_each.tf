resource "aws_cloudtrail" "per_account" { # expect: aws-cloudtrail-multi-region
  count          = 2
  name           = "trail-${count.index}"
  s3_bucket_name = "audit-logs-111122223333"
}

resource "aws_cloudtrail" "by_team" {
  for_each              = { security = true, platform = false }
  name                  = "trail-${each.key}"
  s3_bucket_name        = "audit-logs-111122223333"
  is_multi_region_trail = each.value # expect: aws-cloudtrail-multi-region
}
