variable "size" {
  type = number
}

variable "encrypted" {
  type    = bool
  default = true
}

resource "aws_ebs_volume" "this" {
  availability_zone = "eu-west-1a"
  size              = var.size
  encrypted         = var.encrypted # expect: aws-ebs-encryption-required
}
