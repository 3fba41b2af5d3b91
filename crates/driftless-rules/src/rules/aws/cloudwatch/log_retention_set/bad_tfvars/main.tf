variable "retention_days" {
  type    = number
  default = 365
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/app/api"
  retention_in_days = var.retention_days # expect: aws-cloudwatch-log-retention-set
}
