variable "environments" {
  type    = set(string)
  default = ["dev", "prod"]
}

resource "aws_vpc" "pool" { # expect: aws-vpc-flow-logs-enabled
  count      = 2
  cidr_block = "10.${count.index}.0.0/16"
}

resource "aws_vpc" "by_env" { # expect: aws-vpc-flow-logs-enabled
  for_each   = var.environments
  cidr_block = each.key == "prod" ? "10.10.0.0/16" : "10.20.0.0/16"
}
