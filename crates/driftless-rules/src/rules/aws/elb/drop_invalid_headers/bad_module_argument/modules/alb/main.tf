variable "name" {
  type = string
}

variable "strict_headers" {
  type    = bool
  default = true
}

resource "aws_lb" "this" {
  name                       = var.name
  load_balancer_type         = "application"
  drop_invalid_header_fields = var.strict_headers # expect: aws-elb-drop-invalid-headers
}
