variable "principal" {
  type = string
}

resource "aws_lambda_permission" "this" { # expect: aws-lambda-permission-restricted-principal
  statement_id  = "AllowTrigger"
  action        = "lambda:InvokeFunction"
  function_name = "worker"
  principal     = var.principal
}
