resource "aws_cloudwatch_log_group" "api" {
  name              = "/app/api"
  retention_in_days = 365
}

resource "aws_cloudwatch_log_group" "audit" {
  name              = "/app/audit"
  retention_in_days = 3653
  log_group_class   = "INFREQUENT_ACCESS"
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudwatch_log_group" "text" {
  name              = "/app/text"
  retention_in_days = "731"
}

resource "aws_cloudwatch_log_group" "none" {
  count = 0
  name  = "/app/none"
}
