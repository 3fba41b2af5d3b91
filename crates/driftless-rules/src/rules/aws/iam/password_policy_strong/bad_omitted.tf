# Every setting at its default: length 6, no character class, reuse allowed, no expiry.
resource "aws_iam_account_password_policy" "defaults" {} # expect: aws-iam-password-policy-strong

resource "aws_iam_account_password_policy" "partial" { # expect: aws-iam-password-policy-strong
  minimum_password_length        = 14
  require_uppercase_characters   = true
  require_lowercase_characters   = true
  allow_users_to_change_password = true
}
