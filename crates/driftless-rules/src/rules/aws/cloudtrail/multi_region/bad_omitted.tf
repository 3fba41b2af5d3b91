resource "aws_cloudtrail" "main" { # expect: aws-cloudtrail-multi-region
  name                       = "main"
  s3_bucket_name             = "audit-logs-111122223333"
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "minimal" { # expect: aws-cloudtrail-multi-region
  name           = "minimal"
  s3_bucket_name = "audit-logs-111122223333"
}
