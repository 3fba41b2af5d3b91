variable "public" {
  type = bool
}

resource "aws_ssm_parameter" "public" {
  name           = "/network/public"
  type           = "String"
  insecure_value = "false"
}

resource "aws_subnet" "from_variable" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = var.public
}

resource "aws_subnet" "from_parameter" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.2.0/24"
  map_public_ip_on_launch = aws_ssm_parameter.public.insecure_value
}
