resource "aws_cloudtrail" "main" { # expect: aws-cloudtrail-log-validation-required
  name                          = "main"
  s3_bucket_name                = "audit-logs-111122223333"
  include_global_service_events = true
  is_multi_region_trail         = true
}

resource "aws_cloudtrail" "minimal" { # expect: aws-cloudtrail-log-validation-required
  name           = "minimal"
  s3_bucket_name = "audit-logs-111122223333"
}
