variable "pitr" {
  type = bool
}

variable "recovery" {
  type = list(object({ enabled = bool }))
}

resource "aws_ssm_parameter" "pitr" {
  name           = "/platform/dynamodb/pitr"
  type           = "String"
  insecure_value = "true"
}

resource "aws_dynamodb_table" "from_variable" {
  name         = "from-variable"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.pitr
  }
}

resource "aws_dynamodb_table" "from_parameter" {
  name         = "from-data"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = aws_ssm_parameter.pitr.insecure_value
  }
}

resource "aws_dynamodb_table" "dynamic_block" {
  name         = "dynamic-block"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  dynamic "point_in_time_recovery" {
    for_each = var.recovery
    content {
      enabled = point_in_time_recovery.value.enabled
    }
  }
}
