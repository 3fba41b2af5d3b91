resource "aws_lb" "web" {
  name                       = "web"
  drop_invalid_header_fields = true
}

resource "aws_alb" "api" {
  name                       = "api"
  load_balancer_type         = "application"
  drop_invalid_header_fields = "true"
}

# Network and Gateway Load Balancers do not parse HTTP.
resource "aws_lb" "tcp" {
  name               = "tcp"
  load_balancer_type = "network"
}

resource "aws_lb" "inspection" {
  name               = "inspection"
  load_balancer_type = "gateway"
}
