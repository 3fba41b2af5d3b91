# driftless:ignore aws-vpc-default-sg-restricts-all reason="sandbox VPC" expires=2099-12-31
resource "aws_vpc" "sandbox" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "lab" {
  # checkov:skip=CKV2_AWS_12:lab VPC, nothing runs in the default group
  cidr_block = "10.1.0.0/16"
}
