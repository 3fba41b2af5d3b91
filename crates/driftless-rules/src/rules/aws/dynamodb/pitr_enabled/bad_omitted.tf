resource "aws_dynamodb_table" "orders" { # expect: aws-dynamodb-pitr-enabled
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}


resource "aws_dynamodb_table" "compact" { # expect: aws-dynamodb-pitr-enabled
  name = "compact"
  hash_key = "id"
  read_capacity = 1
  write_capacity = 1
  attribute {
    name = "id"
    type = "S"
  }
}
