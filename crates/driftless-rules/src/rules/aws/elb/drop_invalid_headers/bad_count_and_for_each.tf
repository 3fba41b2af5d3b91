locals {
  load_balancers = {
    public  = true
    private = false
  }
}

resource "aws_lb" "by_name" {
  for_each                   = local.load_balancers
  name                       = each.key
  drop_invalid_header_fields = each.value # expect: aws-elb-drop-invalid-headers
  subnets                    = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}

resource "aws_lb" "pool" { # expect: aws-elb-drop-invalid-headers
  count   = 2
  name    = "pool-${count.index}"
  subnets = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}
