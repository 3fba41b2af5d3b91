resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}

resource "aws_lb_listener" "http" { # expect: aws-elb-https-listener
  load_balancer_arn = aws_lb.web.arn
  port              = 80

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef"
  }
}

variable "shared_alb_arn" {
  type    = string
  default = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/shared/0123456789abcdef"
}

# A load balancer outside the configuration is taken for an Application Load Balancer.
resource "aws_alb_listener" "shared" { # expect: aws-elb-https-listener
  load_balancer_arn = var.shared_alb_arn
  port              = 8080

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      status_code  = "200"
    }
  }
}
