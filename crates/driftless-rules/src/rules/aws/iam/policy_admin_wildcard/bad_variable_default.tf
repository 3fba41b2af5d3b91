variable "actions" {
  type    = list(string)
  default = ["*"]
}

data "aws_iam_policy_document" "app" {
  statement { # expect: aws-iam-policy-admin-wildcard
    effect    = "Allow"
    actions   = var.actions
    resources = ["*"]
  }
}
