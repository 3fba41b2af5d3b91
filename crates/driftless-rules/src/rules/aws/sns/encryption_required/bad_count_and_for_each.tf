locals {
  topics = {
    billing = "alias/billing"
    mailer  = ""
  }
}

resource "aws_sns_topic" "shard" { # expect: aws-sns-encryption-required
  count = 2
  name  = "shard-${count.index}"
}

resource "aws_sns_topic" "by_name" {
  for_each          = local.topics
  name              = each.key
  kms_master_key_id = each.value # expect: aws-sns-encryption-required
}
