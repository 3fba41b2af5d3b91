# A load-test queue that carries only synthetic messages.
# driftless:ignore aws-sqs-encryption-required reason="synthetic load-test messages" expires=2099-12-31
resource "aws_sqs_queue" "load_test" {
  name                    = "load-test"
  sqs_managed_sse_enabled = false
}

resource "aws_sqs_queue" "probe" {
  name                    = "probe"
  sqs_managed_sse_enabled = false # driftless:ignore aws-sqs-encryption-required reason="health probe, no payload"
}
