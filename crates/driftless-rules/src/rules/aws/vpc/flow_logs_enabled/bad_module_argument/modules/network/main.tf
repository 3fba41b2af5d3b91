variable "cidr" {
  type = string
}

resource "aws_vpc" "this" { # expect: aws-vpc-flow-logs-enabled
  cidr_block = var.cidr
}
