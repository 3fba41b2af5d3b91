resource "aws_security_group" "app" {
  name = "app"

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description      = "Everything, temporarily"
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["10.0.0.0/8", "0.0.0.0/0"] # expect: aws-vpc-sg-all-ports-open-to-world
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_security_group_rule" "tcp_range" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"] # expect: aws-vpc-sg-all-ports-open-to-world
}

resource "aws_vpc_security_group_ingress_rule" "udp_range" {
  security_group_id = "sg-0123456789abcdef0"
  ip_protocol       = "17"
  from_port         = 1
  to_port           = 65535
  cidr_ipv6         = "::/0" # expect: aws-vpc-sg-all-ports-open-to-world
}

resource "aws_default_security_group" "default" {
  vpc_id = "vpc-0123456789abcdef0"

  ingress {
    protocol    = "all"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"] # expect: aws-vpc-sg-all-ports-open-to-world
  }
}

# Attributes-as-blocks syntax.
resource "aws_security_group" "legacy" {
  name = "legacy"
  ingress = [{
    description      = "All"
    from_port        = 0
    to_port          = 65535
    protocol         = "-1"
    cidr_blocks      = []
    ipv6_cidr_blocks = ["::/0"] # expect: aws-vpc-sg-all-ports-open-to-world
    prefix_list_ids  = []
    security_groups  = []
    self             = false
  }]
}
