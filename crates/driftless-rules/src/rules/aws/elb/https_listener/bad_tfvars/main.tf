variable "protocol" {
  type    = string
  default = "HTTPS"
}

resource "aws_lb_listener" "front" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/front/0123456789abcdef"
  port              = 80
  protocol          = var.protocol # expect: aws-elb-https-listener

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef"
  }
}
