variable "ebs_default_encryption" {
  type = bool
}

resource "aws_ssm_parameter" "ebs" {
  name           = "/platform/ebs/default-encryption"
  type           = "String"
  insecure_value = "true"
}

resource "aws_ebs_encryption_by_default" "from_variable" {
  enabled = var.ebs_default_encryption
}

resource "aws_ebs_encryption_by_default" "from_parameter" {
  enabled = aws_ssm_parameter.ebs.insecure_value
}
