resource "aws_subnet" "app" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true # expect: aws-vpc-subnet-no-public-ip-on-launch
}

resource "aws_subnet" "string_bool" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.2.0/24"
  map_public_ip_on_launch = "true" # expect: aws-vpc-subnet-no-public-ip-on-launch
}
