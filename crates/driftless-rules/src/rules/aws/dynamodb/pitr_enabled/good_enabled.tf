resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled                 = true
    recovery_period_in_days = 14
  }
}

resource "aws_dynamodb_table" "ledger" {
  name           = "ledger"
  billing_mode   = "PROVISIONED"
  read_capacity  = 5
  write_capacity = 5
  hash_key       = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = "true"
  }
}

resource "aws_dynamodb_table" "none" {
  count    = 0
  name     = "none"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }
}
