# Rebuilt from the event log every night.
# driftless:ignore aws-dynamodb-pitr-enabled reason="derived data, rebuilt nightly" expires=2099-12-31
resource "aws_dynamodb_table" "projection" {
  name         = "projection"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_dynamodb_table" "checkov_style" {
  # checkov:skip=CKV_AWS_28:cache table, data is disposable
  name         = "cache"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}
