locals {
  anywhere = "0.0.0.0/0"
}

resource "aws_security_group" "windows" {
  name = "windows"

  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = [local.anywhere] # expect: aws-vpc-sg-rdp-open-to-world
  }
}
