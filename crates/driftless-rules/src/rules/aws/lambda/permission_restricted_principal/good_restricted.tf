resource "aws_sns_topic" "jobs" {
  name = "jobs"
}

resource "aws_lambda_permission" "sns" {
  statement_id  = "AllowSNS"
  action        = "lambda:InvokeFunction"
  function_name = "worker"
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.jobs.arn
}

resource "aws_lambda_permission" "s3" {
  statement_id   = "AllowS3"
  action         = "lambda:InvokeFunction"
  function_name  = "worker"
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::uploads-bucket"
  source_account = "111122223333"
}

resource "aws_lambda_permission" "organization" {
  statement_id     = "AllowOrganization"
  action           = "lambda:InvokeFunction"
  function_name    = "worker"
  principal        = "*"
  principal_org_id = "o-a1b2c3d4e5"
}

resource "aws_lambda_permission" "partner_account" {
  statement_id  = "AllowPartner"
  action        = "lambda:InvokeFunction"
  function_name = "worker"
  principal     = "444455556666"
}

resource "aws_lambda_permission" "role" {
  statement_id  = "AllowRole"
  action        = "lambda:InvokeFunction"
  function_name = "worker"
  principal     = "arn:aws:iam::444455556666:role/caller"
}

resource "aws_lambda_permission" "alexa" {
  statement_id       = "AllowAlexa"
  action             = "lambda:InvokeFunction"
  function_name      = "worker"
  principal          = "alexa-appkit.amazon.com"
  event_source_token = "amzn1.ask.skill.0123"
}
