variable "topic_key" {
  type = string
}

data "aws_kms_alias" "sns" {
  name = "alias/platform-sns"
}

resource "aws_sns_topic" "from_variable" {
  name              = "from-variable"
  kms_master_key_id = var.topic_key
}

resource "aws_sns_topic" "from_data" {
  name              = "from-data"
  kms_master_key_id = data.aws_kms_alias.sns.target_key_arn
}
