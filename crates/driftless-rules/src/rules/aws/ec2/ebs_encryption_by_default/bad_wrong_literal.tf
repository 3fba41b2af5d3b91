resource "aws_ebs_encryption_by_default" "this" {
  enabled = false # expect: aws-ebs-encryption-by-default
}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

resource "aws_ebs_encryption_by_default" "us" {
  provider = aws.us
  enabled  = "false" # expect: aws-ebs-encryption-by-default
}
