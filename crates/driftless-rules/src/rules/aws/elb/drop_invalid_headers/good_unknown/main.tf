variable "type" {
  type = string
}

variable "drop" {
  type = bool
}

resource "aws_lb" "unknown_type" {
  name               = "a"
  load_balancer_type = var.type
}

resource "aws_lb" "unknown_value" {
  name                       = "b"
  drop_invalid_header_fields = var.drop
}
