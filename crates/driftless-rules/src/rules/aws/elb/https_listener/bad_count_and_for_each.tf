locals {
  listeners = {
    plain  = { port = 80, protocol = "HTTP" }
    secure = { port = 443, protocol = "HTTPS" }
  }
}

resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}

resource "aws_lb_listener" "by_name" {
  for_each          = local.listeners
  load_balancer_arn = aws_lb.web.arn
  port              = each.value.port
  protocol          = each.value.protocol # expect: aws-elb-https-listener
  certificate_arn   = each.value.protocol == "HTTPS" ? "arn:aws:acm:eu-west-1:111122223333:certificate/0123abcd-0123-abcd-0123-0123456789ab" : null

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef"
  }
}

resource "aws_lb_listener" "pool" {
  count             = 2
  load_balancer_arn = aws_lb.web.arn
  port              = 8080 + count.index
  protocol          = "HTTP" # expect: aws-elb-https-listener

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef"
  }
}
