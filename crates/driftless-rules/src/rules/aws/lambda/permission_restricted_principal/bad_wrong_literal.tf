resource "aws_lambda_permission" "public" {
  statement_id  = "AllowAnyone"
  action        = "lambda:InvokeFunction"
  function_name = "worker"
  principal     = "*" # expect: aws-lambda-permission-restricted-principal
}

resource "aws_lambda_permission" "url" {
  statement_id           = "FunctionURLAllowPublicAccess"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = "worker"
  principal              = "*" # expect: aws-lambda-permission-restricted-principal
  function_url_auth_type = "NONE"
}

resource "aws_lambda_permission" "any_service" {
  statement_id   = "AllowAccountServices"
  action         = "lambda:InvokeFunction"
  function_name  = "worker"
  principal      = "*" # expect: aws-lambda-permission-restricted-principal
  source_account = "111122223333"
}
