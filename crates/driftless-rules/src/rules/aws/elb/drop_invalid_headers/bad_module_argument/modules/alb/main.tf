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
  subnets                    = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}
