variable "encrypted" {
  type = bool
}

data "aws_ssm_parameter" "encrypt" {
  name = "/platform/efs/encrypt"
}

resource "aws_efs_file_system" "from_variable" {
  creation_token = "from-variable"
  encrypted      = var.encrypted
}

resource "aws_efs_file_system" "from_data" {
  creation_token = "from-data"
  encrypted      = data.aws_ssm_parameter.encrypt.value
}
