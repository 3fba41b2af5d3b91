variable "rotate" {
  type = bool
}

variable "key_spec" {
  type = string
}

data "aws_ssm_parameter" "rotation" {
  name = "/platform/kms/rotation"
}

resource "aws_kms_key" "from_variable" {
  enable_key_rotation = var.rotate
}

resource "aws_kms_key" "from_data" {
  enable_key_rotation = data.aws_ssm_parameter.rotation.value
}

# The key spec is not known, so whether rotation is supported is not either.
resource "aws_kms_key" "unknown_spec" {
  customer_master_key_spec = var.key_spec
}
