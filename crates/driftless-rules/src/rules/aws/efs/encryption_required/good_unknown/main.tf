variable "encrypted" {
  type = bool
}

resource "aws_ssm_parameter" "encrypt" {
  name           = "/platform/efs/encrypt"
  type           = "String"
  insecure_value = "true"
}

resource "aws_efs_file_system" "from_variable" {
  creation_token = "from-variable"
  encrypted      = var.encrypted
}

resource "aws_efs_file_system" "from_parameter" {
  creation_token = "from-data"
  encrypted      = aws_ssm_parameter.encrypt.insecure_value
}
