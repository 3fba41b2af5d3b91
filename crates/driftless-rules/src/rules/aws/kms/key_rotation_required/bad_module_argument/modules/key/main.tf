variable "name" {
  type = string
}

variable "rotate" {
  type    = bool
  default = true
}

resource "aws_kms_key" "this" {
  description         = "${var.name} key"
  enable_key_rotation = var.rotate # expect: aws-kms-key-rotation-required
}
