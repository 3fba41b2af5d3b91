variable "name" {
  type = string
}

variable "validate_logs" {
  type    = bool
  default = true
}

resource "aws_cloudtrail" "this" {
  name                       = var.name
  s3_bucket_name             = "audit-logs-111122223333"
  enable_log_file_validation = var.validate_logs # expect: aws-cloudtrail-log-validation-required
}
