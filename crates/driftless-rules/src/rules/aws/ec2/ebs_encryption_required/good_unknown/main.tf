variable "encrypted" {
  type = bool
}

resource "aws_ssm_parameter" "encrypt" {
  name           = "/platform/ebs/encrypt"
  type           = "String"
  insecure_value = "true"
}

resource "aws_ebs_volume" "from_variable" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = var.encrypted
}

resource "aws_ebs_volume" "from_parameter" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = aws_ssm_parameter.encrypt.insecure_value
}
