resource "aws_vpc" "main" { # expect: aws-vpc-default-sg-restricts-all
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_vpc" "default" {} # expect: aws-vpc-default-sg-restricts-all

# This group belongs to another VPC.
resource "aws_vpc" "other" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_default_security_group" "other" {
  vpc_id = aws_vpc.other.id
}
