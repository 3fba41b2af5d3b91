variable "name" {
  type = string
}

variable "encrypted" {
  type    = bool
  default = true
}

resource "aws_efs_file_system" "this" {
  creation_token = var.name
  encrypted      = var.encrypted # expect: aws-efs-encryption-required
}
