variable "rotate" {
  type = bool
}

variable "key_spec" {
  type = string
}

resource "aws_ssm_parameter" "rotation" {
  name           = "/platform/kms/rotation"
  type           = "String"
  insecure_value = "true"
}

resource "aws_kms_key" "from_variable" {
  enable_key_rotation = var.rotate
}

resource "aws_kms_key" "from_parameter" {
  enable_key_rotation = aws_ssm_parameter.rotation.insecure_value
}

# The key spec is not known, so whether rotation is supported is not either.
resource "aws_kms_key" "unknown_spec" {
  customer_master_key_spec = var.key_spec
}
