locals {
  ports = {
    https = 443
    ssh   = 22
  }
}

resource "aws_security_group_rule" "per_port" {
  for_each          = local.ports
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = each.value
  to_port           = each.value
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"] # expect: aws-vpc-sg-ssh-open-to-world
}

resource "aws_security_group" "pool" {
  count = 2
  name  = "pool-${count.index}"

  dynamic "ingress" {
    for_each = [22, 80]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"] # expect: aws-vpc-sg-ssh-open-to-world
    }
  }
}
