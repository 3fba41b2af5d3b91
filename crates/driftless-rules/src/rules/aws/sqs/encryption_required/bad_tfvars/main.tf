variable "encrypt_queue" {
  type    = bool
  default = true
}

resource "aws_sqs_queue" "orders" {
  name                    = "orders"
  sqs_managed_sse_enabled = var.encrypt_queue # expect: aws-sqs-encryption-required
}
