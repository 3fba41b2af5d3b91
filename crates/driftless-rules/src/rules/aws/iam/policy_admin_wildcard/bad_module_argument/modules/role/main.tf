variable "name" {
  type = string
}

variable "actions" {
  type    = list(string)
  default = ["s3:GetObject"]
}

resource "aws_iam_role_policy" "this" {
  name = var.name
  role = var.name
  policy = jsonencode({ # expect: aws-iam-policy-admin-wildcard
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = var.actions
      Resource = "*"
    }]
  })
}
