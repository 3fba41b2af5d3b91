variable "protocol" {
  type    = string
  default = "HTTPS"
}

resource "aws_lb_listener" "this" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/front/0123456789abcdef"
  port              = 443
  protocol          = var.protocol # expect: aws-elb-https-listener
  certificate_arn   = "arn:aws:acm:eu-west-1:111122223333:certificate/0123abcd-0123-abcd-0123-0123456789ab"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef"
  }
}
