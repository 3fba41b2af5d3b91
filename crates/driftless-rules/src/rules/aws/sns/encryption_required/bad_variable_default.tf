variable "topic_key" {
  type    = string
  default = ""
}

resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = var.topic_key # expect: aws-sns-encryption-required
}
