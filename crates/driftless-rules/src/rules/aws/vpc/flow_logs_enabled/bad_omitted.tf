resource "aws_vpc" "main" { # expect: aws-vpc-flow-logs-enabled
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_vpc" "default" {} # expect: aws-vpc-flow-logs-enabled

resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

# A subnet's flow log records part of the VPC only.
resource "aws_flow_log" "app_subnet" {
  subnet_id            = aws_subnet.app.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::example-flow-logs"
}
