variable "cidr" {
  type = string
}

variable "public" {
  type    = bool
  default = false
}

resource "aws_subnet" "this" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = var.cidr
  map_public_ip_on_launch = var.public # expect: aws-vpc-subnet-no-public-ip-on-launch
}
