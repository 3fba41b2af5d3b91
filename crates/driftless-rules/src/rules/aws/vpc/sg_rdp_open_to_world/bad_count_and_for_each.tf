resource "aws_vpc_security_group_ingress_rule" "rdp" {
  for_each          = toset(["sg-0123456789abcdef0", "sg-0fedcba9876543210"])
  security_group_id = each.key
  ip_protocol       = "tcp"
  from_port         = 3389
  to_port           = 3389
  cidr_ipv4         = "0.0.0.0/0" # expect: aws-vpc-sg-rdp-open-to-world
}

resource "aws_security_group" "desktops" {
  count = 3
  name  = "desktops-${count.index}"

  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = count.index == 0 ? ["10.0.0.0/8"] : ["0.0.0.0/0"] # expect: aws-vpc-sg-rdp-open-to-world
  }
}
