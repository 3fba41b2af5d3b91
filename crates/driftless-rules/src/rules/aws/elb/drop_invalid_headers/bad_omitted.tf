resource "aws_lb" "web" { # expect: aws-elb-drop-invalid-headers
  name    = "web"
  subnets = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}

resource "aws_alb" "legacy" { # expect: aws-elb-drop-invalid-headers
  name               = "legacy"
  load_balancer_type = "application"
  subnets            = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}

resource "aws_lb" "bare" { subnets = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"] } # expect: aws-elb-drop-invalid-headers
