variable "min_length" {
  type    = number
  default = 14
}

resource "aws_iam_account_password_policy" "this" {
  minimum_password_length      = var.min_length # expect: aws-iam-password-policy-strong
  require_uppercase_characters = true
  require_lowercase_characters = true
  require_numbers              = true
  require_symbols              = true
  password_reuse_prevention    = 24
  max_password_age             = 90
}
