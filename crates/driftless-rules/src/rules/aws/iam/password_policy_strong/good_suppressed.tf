# driftless:ignore aws-iam-password-policy-strong reason="console sign-in goes through IAM Identity Center; no IAM user has a password"
resource "aws_iam_account_password_policy" "sso_only" {
  minimum_password_length = 8
}

resource "aws_iam_account_password_policy" "checkov_style" {
  # checkov:skip=CKV_AWS_9:NIST 800-63B advises against forced expiry
  minimum_password_length      = 14
  require_uppercase_characters = true
  require_lowercase_characters = true
  require_numbers              = true
  require_symbols              = true
  password_reuse_prevention    = 24
}
