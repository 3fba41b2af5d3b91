variable "ingress_cidr" {
  type    = string
  default = "10.0.0.0/8"
}

resource "aws_vpc_security_group_ingress_rule" "all" {
  security_group_id = "sg-0123456789abcdef0"
  ip_protocol       = "-1"
  cidr_ipv4         = var.ingress_cidr # expect: aws-vpc-sg-all-ports-open-to-world
}
