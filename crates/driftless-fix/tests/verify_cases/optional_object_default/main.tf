# The retention is the default of an optional object attribute: found once type constraints
# apply, and fixed in the type expression, where the value is set.
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
