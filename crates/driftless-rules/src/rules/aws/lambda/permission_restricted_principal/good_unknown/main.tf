variable "principal" {
  type = string
}

resource "aws_lambda_permission" "from_variable" {
  statement_id  = "AllowCaller"
  action        = "lambda:InvokeFunction"
  function_name = "worker"
  principal     = var.principal
}
