variable "retention_days" {
  type = number
}

variable "log_class" {
  type = string
}

resource "aws_ssm_parameter" "retention" {
  name           = "/platform/logs/retention"
  type           = "String"
  insecure_value = "30"
}

resource "aws_cloudwatch_log_group" "from_variable" {
  name              = "/app/from-variable"
  retention_in_days = var.retention_days
}

resource "aws_cloudwatch_log_group" "from_parameter" {
  name              = "/app/from-data"
  retention_in_days = aws_ssm_parameter.retention.insecure_value
}

# An unknown class may be DELIVERY, which would keep events 2 days whatever the retention.
resource "aws_cloudwatch_log_group" "class_from_variable" {
  name              = "/app/class-from-variable"
  log_group_class   = var.log_class
  retention_in_days = 365
}
