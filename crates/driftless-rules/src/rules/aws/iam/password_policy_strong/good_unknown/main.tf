variable "min_length" {
  type = number
}

variable "max_age" {
  type = number
}

resource "aws_iam_account_password_policy" "this" {
  minimum_password_length      = var.min_length
  require_uppercase_characters = true
  require_lowercase_characters = true
  require_numbers              = true
  require_symbols              = true
  password_reuse_prevention    = 24
  max_password_age             = var.max_age
}
