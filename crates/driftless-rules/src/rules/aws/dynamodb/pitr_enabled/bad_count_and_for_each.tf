locals {
  tables = {
    ledger = true
    cache  = false
  }
}

resource "aws_dynamodb_table" "shard" { # expect: aws-dynamodb-pitr-enabled
  count        = 2
  name         = "shard-${count.index}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_dynamodb_table" "by_name" {
  for_each     = local.tables
  name         = each.key
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = each.value # expect: aws-dynamodb-pitr-enabled
  }
}
