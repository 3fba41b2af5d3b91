locals {
  regions = {
    "eu-west-1" = true
    "us-east-1" = false
  }
}

resource "aws_ebs_encryption_by_default" "counted" {
  count   = 1
  enabled = false # expect: aws-ebs-encryption-by-default
}

resource "aws_ebs_encryption_by_default" "by_region" {
  for_each = local.regions
  region   = each.key
  enabled  = each.value # expect: aws-ebs-encryption-by-default
}
