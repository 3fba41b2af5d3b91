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

data "aws_ip_ranges" "europe" {
  regions  = ["eu-west-1"]
  services = ["ec2"]
}

resource "aws_security_group_rule" "from_data" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = data.aws_ip_ranges.europe.cidr_blocks
}
