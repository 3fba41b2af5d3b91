resource "aws_kms_key" "topics" {
  description         = "SNS topics"
  enable_key_rotation = true
}

resource "aws_sns_topic" "managed_key" {
  name              = "managed-key"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic" "customer_key" {
  name              = "customer-key"
  kms_master_key_id = aws_kms_key.topics.arn
}

resource "aws_sns_topic" "key_arn" {
  name              = "key-arn"
  kms_master_key_id = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_sns_topic" "none" {
  count = 0
  name  = "none"
}
