variable "enable_flow_log" {
  type    = bool
  default = false
}

resource "aws_vpc" "main" { # expect: aws-vpc-flow-logs-enabled
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "main" {
  count                = var.enable_flow_log ? 1 : 0
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::example-flow-logs"
}
