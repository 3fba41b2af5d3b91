# Neither attribute: SQS encrypts new queues with SSE-SQS by default.
resource "aws_sqs_queue" "default" {
  name = "default"
}

resource "aws_sqs_queue" "sse_sqs" {
  name                    = "sse-sqs"
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue" "sse_kms" {
  name                              = "sse-kms"
  kms_master_key_id                 = "alias/aws/sqs"
  kms_data_key_reuse_period_seconds = 300
}

resource "aws_sqs_queue" "nulled" {
  name                    = "nulled"
  sqs_managed_sse_enabled = null
}

resource "aws_sqs_queue" "none" {
  count                   = 0
  name                    = "none"
  sqs_managed_sse_enabled = false
}
