# Protocol -1 opens every port, whatever from_port and to_port say.
resource "aws_security_group" "wide_open" {
  name = "wide-open"

  ingress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"] # expect: aws-vpc-sg-ssh-open-to-world
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "everything" {
  security_group_id = "sg-0123456789abcdef0"
  ip_protocol       = "-1"
  cidr_ipv6         = "::/0" # expect: aws-vpc-sg-ssh-open-to-world
}

resource "aws_security_group_rule" "all" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = 0
  to_port           = 0
  protocol          = "all"
  cidr_blocks       = ["10.0.0.0/8", "0.0.0.0/0"] # expect: aws-vpc-sg-ssh-open-to-world
  ipv6_cidr_blocks  = ["0000:0000:0000:0000:0000:0000:0000:0000/0"]
}
