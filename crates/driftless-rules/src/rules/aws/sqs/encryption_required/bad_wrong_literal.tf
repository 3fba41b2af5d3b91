resource "aws_sqs_queue" "orders" {
  name                    = "orders"
  sqs_managed_sse_enabled = false # expect: aws-sqs-encryption-required
}

resource "aws_sqs_queue" "events" {
  name                    = "events"
  sqs_managed_sse_enabled = "false" # expect: aws-sqs-encryption-required
}

# A null key is no key.
resource "aws_sqs_queue" "audit" {
  name                    = "audit"
  kms_master_key_id       = null
  sqs_managed_sse_enabled = false # expect: aws-sqs-encryption-required
}
