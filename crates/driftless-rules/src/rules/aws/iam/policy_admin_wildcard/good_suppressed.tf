# Break-glass role, guarded by MFA.
# driftless:ignore aws-iam-policy-admin-wildcard reason="break-glass role"
resource "aws_iam_role_policy" "break_glass" {
  name = "break-glass"
  role = "break-glass"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_policy" "bootstrap" {
  # checkov:skip=CKV_AWS_62:bootstrap account, deleted after setup
  name = "bootstrap"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

data "aws_iam_policy_document" "sandbox" {
  # checkov:skip=CKV_AWS_1:sandbox account
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}
