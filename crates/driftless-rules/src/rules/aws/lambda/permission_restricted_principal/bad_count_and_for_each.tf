locals {
  callers = {
    sns    = "sns.amazonaws.com"
    public = "*"
  }
}

resource "aws_lambda_permission" "by_caller" {
  for_each      = local.callers
  statement_id  = "Allow-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = "worker"
  principal     = each.value # expect: aws-lambda-permission-restricted-principal
  source_arn    = each.key == "sns" ? "arn:aws:sns:eu-west-1:111122223333:jobs" : null
}

resource "aws_lambda_permission" "pool" { # expect: aws-lambda-permission-restricted-principal
  count         = 2
  statement_id  = "AllowSQS${count.index}"
  action        = "lambda:InvokeFunction"
  function_name = "worker"
  principal     = "sqs.amazonaws.com"
}
