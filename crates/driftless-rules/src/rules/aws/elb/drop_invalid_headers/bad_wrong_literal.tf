resource "aws_lb" "web" {
  name                       = "web"
  internal                   = true
  drop_invalid_header_fields = false # expect: aws-elb-drop-invalid-headers
}

resource "aws_alb" "api" {
  name                       = "api"
  drop_invalid_header_fields = null # expect: aws-elb-drop-invalid-headers
}
