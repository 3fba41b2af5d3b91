variable "allowed_actions" {
  type = list(string)
}

resource "aws_iam_policy" "app" {
  name = "app"
  policy = jsonencode({ # expect: aws-iam-policy-admin-wildcard
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = var.allowed_actions
      Resource = "*"
    }]
  })
}
