variable "environments" {
  type    = set(string)
  default = ["dev", "prod"]
}

resource "aws_vpc" "pool" { # expect: aws-vpc-default-sg-restricts-all
  count      = 2
  cidr_block = "10.${count.index}.0.0/16"
}

resource "aws_vpc" "by_env" {
  for_each   = var.environments
  cidr_block = each.key == "prod" ? "10.10.0.0/16" : "10.20.0.0/16"
}

resource "aws_default_security_group" "by_env" {
  for_each = aws_vpc.by_env
  vpc_id   = each.value.id

  egress { # expect: aws-vpc-default-sg-restricts-all
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
