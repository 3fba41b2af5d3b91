variable "manage_default_security_group" {
  type    = bool
  default = false
}

resource "aws_vpc" "main" { # expect: aws-vpc-default-sg-restricts-all
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "main" {
  count  = var.manage_default_security_group ? 1 : 0
  vpc_id = aws_vpc.main.id
}
