variable "manage_password_policy" {
  type    = bool
  default = true
}

resource "aws_iam_account_password_policy" "this" {
  count = var.manage_password_policy ? 1 : 0

  minimum_password_length      = 14
  require_uppercase_characters = true
  require_lowercase_characters = true
  require_numbers              = true
  require_symbols              = true
  password_reuse_prevention    = 24
  max_password_age             = 365 # expect: aws-iam-password-policy-strong
}

resource "aws_iam_account_password_policy" "per_account" {
  for_each = { prod = 24, sandbox = 3 }

  minimum_password_length      = 14
  require_uppercase_characters = true
  require_lowercase_characters = true
  require_numbers              = true
  require_symbols              = true
  password_reuse_prevention    = each.value # expect: aws-iam-password-policy-strong
  max_password_age             = 90
}
