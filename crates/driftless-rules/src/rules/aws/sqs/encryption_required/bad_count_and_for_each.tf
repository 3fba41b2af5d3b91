locals {
  queues = {
    billing = true
    mailer  = false
  }
}

resource "aws_sqs_queue" "worker" {
  count                   = 3
  name                    = "worker-${count.index}"
  sqs_managed_sse_enabled = false # expect: aws-sqs-encryption-required
}

resource "aws_sqs_queue" "by_name" {
  for_each                = local.queues
  name                    = each.key
  sqs_managed_sse_enabled = each.value # expect: aws-sqs-encryption-required
}
