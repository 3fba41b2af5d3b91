resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = "" # expect: aws-sns-encryption-required
}

resource "aws_sns_topic" "nulled" {
  name              = "nulled"
  kms_master_key_id = null # expect: aws-sns-encryption-required
}
