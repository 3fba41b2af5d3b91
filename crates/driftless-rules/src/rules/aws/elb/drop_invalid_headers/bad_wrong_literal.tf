resource "aws_lb" "web" {
  name                       = "web"
  internal                   = true
  drop_invalid_header_fields = false # expect: aws-elb-drop-invalid-headers
  subnets                    = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}

resource "aws_alb" "api" {
  name                       = "api"
  drop_invalid_header_fields = null # expect: aws-elb-drop-invalid-headers
  subnets                    = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}
