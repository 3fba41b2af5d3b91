locals {
  shares = {
    builds  = true
    scratch = false
  }
}

resource "aws_efs_file_system" "node" { # expect: aws-efs-encryption-required
  count          = 2
  creation_token = "node-${count.index}"
}

resource "aws_efs_file_system" "by_name" {
  for_each       = local.shares
  creation_token = each.key
  encrypted      = each.value # expect: aws-efs-encryption-required
}
