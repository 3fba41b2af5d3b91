variable "encrypt_queue" {
  type = bool
}

resource "aws_ssm_parameter" "encrypt" {
  name           = "/platform/sqs/encrypt"
  type           = "String"
  insecure_value = "true"
}

resource "aws_sqs_queue" "from_variable" {
  name                    = "from-variable"
  sqs_managed_sse_enabled = var.encrypt_queue
}

resource "aws_sqs_queue" "from_parameter" {
  name                    = "from-data"
  sqs_managed_sse_enabled = aws_ssm_parameter.encrypt.insecure_value
}

