resource "aws_lambda_permission" "sns" { # expect: aws-lambda-permission-restricted-principal
  statement_id  = "AllowSNS"
  action        = "lambda:InvokeFunction"
  function_name = "worker"
  principal     = "sns.amazonaws.com"
}

resource "aws_lambda_permission" "events" { # expect: aws-lambda-permission-restricted-principal
  statement_id   = "AllowEventBridge"
  action         = "lambda:InvokeFunction"
  function_name  = "worker"
  principal      = "events.amazonaws.com"
  source_account = "111122223333"
}

resource "aws_lambda_permission" "s3" { # expect: aws-lambda-permission-restricted-principal
  statement_id  = "AllowS3"
  action        = "lambda:InvokeFunction"
  function_name = "worker"
  principal     = "s3.amazonaws.com"
  source_arn    = "arn:aws:s3:::uploads-bucket"
}
