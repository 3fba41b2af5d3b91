# Absent: the resource's default is true.
resource "aws_ebs_encryption_by_default" "default" {}

resource "aws_ebs_encryption_by_default" "explicit" {
  enabled = true
}

resource "aws_ebs_encryption_by_default" "nulled" {
  enabled = null
}

resource "aws_ebs_encryption_by_default" "none" {
  count   = 0
  enabled = false
}
