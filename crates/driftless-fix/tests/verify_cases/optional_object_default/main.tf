# What breaks: the retention is the default of an optional object attribute.
variable "logging" {
  type = object({
    retention_days = optional(number, 7)
  })
  default = {}
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/app/api"
  retention_in_days = var.logging.retention_days
}
