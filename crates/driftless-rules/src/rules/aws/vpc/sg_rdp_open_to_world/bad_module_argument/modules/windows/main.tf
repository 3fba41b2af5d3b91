variable "rdp_source" {
  type    = string
  default = "10.0.0.0/8"
}

resource "aws_vpc_security_group_ingress_rule" "rdp" {
  security_group_id = "sg-0123456789abcdef0"
  ip_protocol       = "tcp"
  from_port         = 3389
  to_port           = 3389
  cidr_ipv4         = var.rdp_source # expect: aws-vpc-sg-rdp-open-to-world
}
