variable "encrypted" {
  type = bool
}

data "aws_ssm_parameter" "encrypt" {
  name = "/platform/ebs/encrypt"
}

resource "aws_ebs_volume" "from_variable" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = var.encrypted
}

resource "aws_ebs_volume" "from_data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = data.aws_ssm_parameter.encrypt.value
}
