resource "aws_vpc" "main" { # expect: aws-vpc-flow-logs-enabled
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "other" {
  cidr_block = "10.1.0.0/16"
}

# This flow log records the other VPC.
resource "aws_flow_log" "other" {
  vpc_id               = aws_vpc.other.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::example-flow-logs"
}

# A literal id names a VPC that exists already, not one this configuration creates.
resource "aws_flow_log" "legacy" {
  vpc_id               = "vpc-0123456789abcdef0"
  traffic_type         = "REJECT"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::example-flow-logs"
}
