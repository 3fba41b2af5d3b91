resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}

# Without `protocol`, the redirect's own protocol is the value at fault.
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80

  default_action {
    type = "redirect"

    redirect {
      host        = "www.example.com"
      protocol    = "HTTP" # expect: aws-elb-https-listener
      status_code = "HTTP_301"
    }
  }
}

# A redirect without protocol keeps the request's, HTTP.
resource "aws_lb_listener" "keep" {
  load_balancer_arn = aws_lb.web.arn
  port              = 8080
  protocol          = "HTTP" # expect: aws-elb-https-listener

  default_action {
    type = "redirect"

    redirect {
      port        = "80"
      status_code = "HTTP_301"
    }
  }
}
