variable "type" {
  type = string
}

variable "drop" {
  type = bool
}

resource "aws_lb" "unknown_type" {
  name               = "a"
  load_balancer_type = var.type
  subnets            = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}

resource "aws_lb" "unknown_value" {
  name                       = "b"
  drop_invalid_header_fields = var.drop
  subnets                    = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}
