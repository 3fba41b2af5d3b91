variable "ebs_default_encryption" {
  type = bool
}

data "aws_ssm_parameter" "ebs" {
  name = "/platform/ebs/default-encryption"
}

resource "aws_ebs_encryption_by_default" "from_variable" {
  enabled = var.ebs_default_encryption
}

resource "aws_ebs_encryption_by_default" "from_data" {
  enabled = data.aws_ssm_parameter.ebs.value
}
