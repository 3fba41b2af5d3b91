resource "aws_security_group" "windows" {
  name = "windows"

  ingress {
    description = "RDP"
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: aws-vpc-sg-rdp-open-to-world
  }
}

# RDP also runs over UDP 3389.
resource "aws_security_group_rule" "rdp_udp" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = 3389
  to_port           = 3389
  protocol          = "udp"
  ipv6_cidr_blocks  = ["::/0"] # expect: aws-vpc-sg-rdp-open-to-world
}

resource "aws_vpc_security_group_ingress_rule" "rdp" {
  security_group_id = "sg-0123456789abcdef0"
  ip_protocol       = "17"
  from_port         = 3380
  to_port           = 3450
  cidr_ipv4         = "0.0.0.0/0" # expect: aws-vpc-sg-rdp-open-to-world
}

resource "aws_security_group" "range" {
  name = "range"

  ingress {
    from_port = 3000
    to_port   = 4000
    protocol  = "tcp"
    cidr_blocks = [
      "198.51.100.0/24",
      "0.0.0.0/0", # expect: aws-vpc-sg-rdp-open-to-world
    ]
  }
}
