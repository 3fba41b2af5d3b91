# `effect` is left out: it defaults to "Allow".
data "aws_iam_policy_document" "admin" {
  statement { # expect: aws-iam-policy-admin-wildcard
    actions   = ["*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = data.aws_iam_policy_document.admin.json
}
