variable "rdp_cidrs" {
  type    = list(string)
  default = []
}

resource "aws_security_group_rule" "rdp" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  cidr_blocks       = var.rdp_cidrs # expect: aws-vpc-sg-rdp-open-to-world
}
