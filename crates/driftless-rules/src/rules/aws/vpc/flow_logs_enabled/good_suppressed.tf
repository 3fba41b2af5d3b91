resource "aws_vpc" "sandbox" {
  # checkov:skip=CKV2_AWS_11:throwaway sandbox
  cidr_block = "10.0.0.0/16"
}

#trivy:ignore:AVD-AWS-0178
resource "aws_vpc" "lab" {
  cidr_block = "10.1.0.0/16"
}

# driftless:ignore aws-vpc-flow-logs-enabled reason="transit only" expires=2099-12-31
resource "aws_vpc" "transit" {
  cidr_block = "10.2.0.0/16"
}
