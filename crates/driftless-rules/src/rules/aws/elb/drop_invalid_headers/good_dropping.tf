resource "aws_lb" "web" {
  name                       = "web"
  drop_invalid_header_fields = true
  subnets                    = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}

resource "aws_alb" "api" {
  name                       = "api"
  load_balancer_type         = "application"
  drop_invalid_header_fields = "true"
  subnets                    = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}

# Network and Gateway Load Balancers do not parse HTTP.
resource "aws_lb" "tcp" {
  name               = "tcp"
  load_balancer_type = "network"
  subnets            = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}

resource "aws_lb" "inspection" {
  name               = "inspection"
  load_balancer_type = "gateway"
  subnets            = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}
