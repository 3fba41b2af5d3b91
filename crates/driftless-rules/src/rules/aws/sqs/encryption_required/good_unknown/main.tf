variable "encrypt_queue" {
  type = bool
}

data "aws_ssm_parameter" "encrypt" {
  name = "/platform/sqs/encrypt"
}

resource "aws_sqs_queue" "from_variable" {
  name                    = "from-variable"
  sqs_managed_sse_enabled = var.encrypt_queue
}

resource "aws_sqs_queue" "from_data" {
  name                    = "from-data"
  sqs_managed_sse_enabled = data.aws_ssm_parameter.encrypt.value
}

