variable "drop_invalid_header_fields" {
  type    = bool
  default = false
}

resource "aws_lb" "web" {
  name                       = "web"
  drop_invalid_header_fields = var.drop_invalid_header_fields # expect: aws-elb-drop-invalid-headers
}
