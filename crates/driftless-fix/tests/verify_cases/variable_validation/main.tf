# What breaks: the log retention is a variable whose `validation` block caps it at 30 days
# (a cost rule of the team). The fix of aws-cloudwatch-log-retention-set writes 365 into the
# variable's default, which the validation then rejects: `terraform plan` fails with
# "Invalid value for variable".
variable "retention_days" {
  type    = number
  default = 7

  validation {
    condition     = var.retention_days <= 30
    error_message = "Application logs are kept at most 30 days."
  }
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/app/api"
  retention_in_days = var.retention_days
}
