resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "main" {
  vpc_id = aws_vpc.main.id

  ingress { # expect: aws-vpc-default-sg-restricts-all
    protocol  = -1
    self      = true
    from_port = 0
    to_port   = 0
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc" "legacy" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_default_security_group" "legacy" {
  vpc_id  = aws_vpc.legacy.id
  ingress = []
  egress = [{ # expect: aws-vpc-default-sg-restricts-all
    description      = "all"
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["10.0.0.0/8"]
    ipv6_cidr_blocks = []
    prefix_list_ids  = []
    security_groups  = []
    self             = false
  }]
}

resource "aws_vpc_security_group_egress_rule" "https_out" {
  security_group_id = aws_default_security_group.main.id # expect: aws-vpc-default-sg-restricts-all
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc" "shared" { # expect: aws-vpc-default-sg-restricts-all
  cidr_block = "10.2.0.0/16"
}

resource "aws_security_group_rule" "shared_http" {
  type              = "ingress"
  security_group_id = aws_vpc.shared.default_security_group_id # expect: aws-vpc-default-sg-restricts-all
  from_port         = 80
  to_port           = 80
  protocol          = "tcp"
  cidr_blocks       = ["10.2.0.0/16"]
}
