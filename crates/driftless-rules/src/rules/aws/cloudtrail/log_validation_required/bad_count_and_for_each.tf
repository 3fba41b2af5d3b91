variable "regions" {
  type    = set(string)
  default = ["eu-west-1", "us-east-1"]
}

resource "aws_cloudtrail" "per_account" { # expect: aws-cloudtrail-log-validation-required
  count          = 2
  name           = "trail-${count.index}"
  s3_bucket_name = "audit-logs-111122223333"
}

resource "aws_cloudtrail" "per_region" {
  for_each                   = var.regions
  name                       = "trail-${each.key}"
  s3_bucket_name             = "audit-logs-111122223333"
  enable_log_file_validation = each.key == "us-east-1" # expect: aws-cloudtrail-log-validation-required
}
