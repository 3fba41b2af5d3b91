variable "require_symbols" {
  type    = bool
  default = true
}

resource "aws_iam_account_password_policy" "this" {
  minimum_password_length      = 14
  require_uppercase_characters = true
  require_lowercase_characters = true
  require_numbers              = true
  require_symbols              = var.require_symbols # expect: aws-iam-password-policy-strong
  password_reuse_prevention    = 24
  max_password_age             = 90
}
