variable "topic_key" {
  type = string
}

resource "aws_kms_key" "sns" {
  description = "SNS topics"
}

resource "aws_kms_alias" "sns" {
  name          = "alias/platform-sns"
  target_key_id = aws_kms_key.sns.key_id
}

resource "aws_sns_topic" "from_variable" {
  name              = "from-variable"
  kms_master_key_id = var.topic_key
}

resource "aws_sns_topic" "from_alias" {
  name              = "from-alias"
  kms_master_key_id = aws_kms_alias.sns.target_key_arn
}
