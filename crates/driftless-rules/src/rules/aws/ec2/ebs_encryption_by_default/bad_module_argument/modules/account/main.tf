variable "ebs_encryption" {
  type    = bool
  default = true
}

resource "aws_ebs_encryption_by_default" "this" {
  enabled = var.ebs_encryption # expect: aws-ebs-encryption-by-default
}
