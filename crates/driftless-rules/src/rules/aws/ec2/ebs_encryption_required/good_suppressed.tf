# Scratch space for a vendor appliance that cannot boot from encrypted volumes.
# driftless:ignore aws-ebs-encryption-required reason="vendor appliance" expires=2099-12-31
resource "aws_ebs_volume" "appliance" {
  availability_zone = "eu-west-1a"
  size              = 8
}

resource "aws_ebs_volume" "checkov_style" {
  # checkov:skip=CKV_AWS_3:throwaway benchmark volume
  availability_zone = "eu-west-1a"
  size              = 8
  encrypted         = false
}
