# One weak setting: the finding points at its value.
resource "aws_iam_account_password_policy" "short" {
  minimum_password_length      = 8 # expect: aws-iam-password-policy-strong
  require_uppercase_characters = true
  require_lowercase_characters = true
  require_numbers              = true
  require_symbols              = true
  password_reuse_prevention    = 24
  max_password_age             = 90
}

# Several: the finding points at the block.
resource "aws_iam_account_password_policy" "lax" { # expect: aws-iam-password-policy-strong
  minimum_password_length      = 14
  require_uppercase_characters = true
  require_lowercase_characters = true
  require_numbers              = false
  require_symbols              = "false"
  password_reuse_prevention    = 5
  max_password_age             = 0
  hard_expiry                  = true
}
