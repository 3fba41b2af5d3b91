variable "vpc_id" {
  type = string
}

resource "aws_default_security_group" "this" {
  vpc_id = var.vpc_id
}
