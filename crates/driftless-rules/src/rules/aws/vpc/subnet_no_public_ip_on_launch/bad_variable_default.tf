variable "public_ips" {
  type    = bool
  default = true
}

resource "aws_subnet" "app" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = var.public_ips # expect: aws-vpc-subnet-no-public-ip-on-launch
}
