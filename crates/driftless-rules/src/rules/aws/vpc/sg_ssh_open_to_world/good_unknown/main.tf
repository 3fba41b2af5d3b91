variable "admin_cidrs" {
  type = list(string)
}

variable "port" {
  type = number
}

resource "aws_ssm_parameter" "protocol" {
  name           = "/platform/sg/protocol"
  type           = "String"
  insecure_value = "tcp"
}

resource "aws_security_group" "from_variable" {
  name = "from-variable"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidrs
  }
}

resource "aws_security_group_rule" "unknown_port" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = var.port
  to_port           = var.port
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_vpc_security_group_ingress_rule" "unknown_protocol" {
  security_group_id = "sg-0123456789abcdef0"
  ip_protocol       = aws_ssm_parameter.protocol.insecure_value
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_security_group" "dynamic_unknown" {
  name = "dynamic-unknown"

  dynamic "ingress" {
    for_each = var.admin_cidrs
    content {
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = [ingress.value]
    }
  }
}
