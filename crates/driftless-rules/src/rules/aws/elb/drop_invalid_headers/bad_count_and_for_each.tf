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
}

resource "aws_lb" "pool" { # expect: aws-elb-drop-invalid-headers
  count = 2
  name  = "pool-${count.index}"
}
