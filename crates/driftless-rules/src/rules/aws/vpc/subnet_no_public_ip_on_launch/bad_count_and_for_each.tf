locals {
  subnets = {
    public  = { cidr = "10.0.10.0/24", public = true }
    private = { cidr = "10.0.20.0/24", public = false }
  }
}

resource "aws_subnet" "tier" {
  for_each                = local.subnets
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = each.value.cidr
  map_public_ip_on_launch = each.value.public # expect: aws-vpc-subnet-no-public-ip-on-launch
}

resource "aws_subnet" "zone" {
  count                   = 2
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.${count.index}.0/24"
  map_public_ip_on_launch = true # expect: aws-vpc-subnet-no-public-ip-on-launch
}
