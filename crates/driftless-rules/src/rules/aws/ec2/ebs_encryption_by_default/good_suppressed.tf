# Lab account whose AMIs are shared with partners until the customer managed key lands.
# driftless:ignore aws-ebs-encryption-by-default reason="AMI sharing, KMS key pending" expires=2099-12-31
resource "aws_ebs_encryption_by_default" "lab" {
  enabled = false
}

resource "aws_ebs_encryption_by_default" "checkov_style" {
  # checkov:skip=CKV_AWS_106:legacy m1 instances
  enabled = false
}
