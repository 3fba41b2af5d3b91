variable "cidrs" {
  type = list(string)
}

variable "protocol" {
  type = string
}

resource "aws_security_group" "from_variable" {
  name = "from-variable"

  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = var.cidrs
  }
}

resource "aws_security_group_rule" "unknown_protocol" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = 0
  to_port           = 65535
  protocol          = var.protocol
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_ec2_managed_prefix_list" "europe" {
  name           = "europe"
  address_family = "IPv4"
  max_entries    = 2

  entry {
    cidr = "10.2.0.0/16"
  }
}

resource "aws_security_group_rule" "from_prefix_list" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = aws_ec2_managed_prefix_list.europe.entry[*].cidr
}
