locals {
  protocols = {
    web = "tcp"
    any = "-1"
  }
}

resource "aws_security_group_rule" "per_protocol" {
  for_each          = local.protocols
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = 443
  to_port           = 443
  protocol          = each.value
  cidr_blocks       = ["0.0.0.0/0"] # expect: aws-vpc-sg-all-ports-open-to-world
}

resource "aws_security_group" "pool" {
  count = 2
  name  = "pool-${count.index}"

  dynamic "ingress" {
    for_each = ["tcp", "udp"]
    content {
      from_port   = 0
      to_port     = 65535
      protocol    = ingress.value
      cidr_blocks = ["0.0.0.0/0"] # expect: aws-vpc-sg-all-ports-open-to-world
    }
  }
}
