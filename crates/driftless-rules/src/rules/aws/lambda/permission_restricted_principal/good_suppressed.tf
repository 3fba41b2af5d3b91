resource "aws_lambda_permission" "config" {
  # checkov:skip=CKV_AWS_364:AWS Config custom rule, its ARN is not known before the rule exists
  statement_id   = "AllowConfig"
  action         = "lambda:InvokeFunction"
  function_name  = "worker"
  principal      = "config.amazonaws.com"
  source_account = "111122223333"
}

# driftless:ignore aws-lambda-permission-restricted-principal reason="public webhook" expires=2099-12-31
resource "aws_lambda_permission" "webhook" {
  statement_id           = "FunctionURLAllowPublicAccess"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = "webhook"
  principal              = "*"
  function_url_auth_type = "NONE"
}
