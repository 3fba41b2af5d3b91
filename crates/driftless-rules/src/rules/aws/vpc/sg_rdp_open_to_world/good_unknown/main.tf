variable "rdp_cidrs" {
  type = list(string)
}

variable "rdp_port" {
  type = number
}

resource "aws_security_group" "from_variable" {
  name = "from-variable"

  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = var.rdp_cidrs
  }
}

resource "aws_vpc_security_group_ingress_rule" "unknown_port" {
  security_group_id = "sg-0123456789abcdef0"
  ip_protocol       = "tcp"
  from_port         = var.rdp_port
  to_port           = var.rdp_port
  cidr_ipv4         = "0.0.0.0/0"
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
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  cidr_blocks       = aws_ec2_managed_prefix_list.europe.entry[*].cidr
}
