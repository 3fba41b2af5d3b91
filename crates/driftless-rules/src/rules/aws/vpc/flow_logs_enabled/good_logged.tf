resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "main" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::example-flow-logs"
}

locals {
  vpc_id = aws_vpc.through_local.id
}

resource "aws_vpc" "through_local" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_flow_log" "through_local" {
  vpc_id          = local.vpc_id
  traffic_type    = "ALL"
  log_destination = "arn:aws:logs:eu-west-1:111122223333:log-group:flow-logs"
  iam_role_arn    = "arn:aws:iam::111122223333:role/flow-logs"
}

resource "aws_vpc" "pool" {
  count      = 2
  cidr_block = "10.${count.index + 2}.0.0/16"
}

resource "aws_flow_log" "pool" {
  count                = 2
  vpc_id               = aws_vpc.pool[count.index].id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::example-flow-logs"
}
