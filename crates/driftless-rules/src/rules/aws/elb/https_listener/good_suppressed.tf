resource "aws_lb_listener" "health" {
  # checkov:skip=CKV_AWS_2:internal health endpoint, no data
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/front/0123456789abcdef"
  port              = 8080
  protocol          = "HTTP"

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      status_code  = "200"
    }
  }
}

# driftless:ignore aws-elb-https-listener reason="TLS terminates on the CDN" expires=2099-12-31
resource "aws_alb_listener" "cdn_origin" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/front/0123456789abcdef"
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef"
  }
}
