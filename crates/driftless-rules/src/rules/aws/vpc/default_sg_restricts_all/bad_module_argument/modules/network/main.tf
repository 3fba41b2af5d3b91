variable "default_security_group_ingress" {
  type = list(object({
    protocol  = string
    from_port = number
    to_port   = number
    self      = bool
  }))
  default = []
}

resource "aws_vpc" "this" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id

  dynamic "ingress" {
    for_each = var.default_security_group_ingress
    content { # expect: aws-vpc-default-sg-restricts-all
      protocol  = ingress.value.protocol
      from_port = ingress.value.from_port
      to_port   = ingress.value.to_port
      self      = ingress.value.self
    }
  }
}
