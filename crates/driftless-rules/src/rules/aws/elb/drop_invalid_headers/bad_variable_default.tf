variable "drop_invalid_header_fields" {
  type    = bool
  default = false
}

resource "aws_lb" "web" {
  name                       = "web"
  drop_invalid_header_fields = var.drop_invalid_header_fields # expect: aws-elb-drop-invalid-headers
  subnets                    = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}
