variable "name" {
  type = string
}

variable "retention" {
  type    = number
  default = 400
}

resource "aws_cloudwatch_log_group" "this" {
  name              = var.name
  retention_in_days = var.retention # expect: aws-cloudwatch-log-retention-set
}
