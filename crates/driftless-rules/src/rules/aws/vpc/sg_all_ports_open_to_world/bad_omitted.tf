# Without ports, protocol -1 allows every protocol on every port.
resource "aws_vpc_security_group_ingress_rule" "everything" {
  security_group_id = "sg-0123456789abcdef0"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0" # expect: aws-vpc-sg-all-ports-open-to-world
}
