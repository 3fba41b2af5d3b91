variable "rotate" {
  type = bool
}

resource "aws_kms_key" "data" {
  description         = "data key"
  enable_key_rotation = var.rotate # expect: aws-kms-key-rotation-required
}
