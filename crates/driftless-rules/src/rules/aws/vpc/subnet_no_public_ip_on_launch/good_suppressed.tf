resource "aws_subnet" "load_balancers" {
  # checkov:skip=CKV_AWS_130:public subnet for the internet-facing load balancer
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}

# driftless:ignore aws-vpc-subnet-no-public-ip-on-launch reason="NAT instances" expires=2099-12-31
resource "aws_subnet" "nat" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.2.0/24"
  map_public_ip_on_launch = true
}

resource "aws_subnet" "trivy_style" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.3.0/24"
  map_public_ip_on_launch = true #trivy:ignore:AVD-AWS-0164
}
