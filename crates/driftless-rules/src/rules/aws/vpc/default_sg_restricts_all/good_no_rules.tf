resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc" "pool" {
  count      = 2
  cidr_block = "10.${count.index}.0.0/16"
}

resource "aws_default_security_group" "pool" {
  count   = 2
  vpc_id  = aws_vpc.pool[count.index].id
  ingress = []
  egress  = []
}

# Rules on other groups are not this rule's business.
resource "aws_security_group" "app" {
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "app_https" {
  security_group_id = aws_security_group.app.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.0.0.0/16"
}
