variable "invoker" {
  type    = string
  default = "*"
}

resource "aws_lambda_permission" "invoke" {
  statement_id  = "AllowInvoker"
  action        = "lambda:InvokeFunction"
  function_name = "worker"
  principal     = var.invoker # expect: aws-lambda-permission-restricted-principal
}
