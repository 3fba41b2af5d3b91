locals {
  volumes = {
    data = { size = 100, encrypted = true }
    logs = { size = 20, encrypted = false }
  }
}

resource "aws_ebs_volume" "pool" { # expect: aws-ebs-encryption-required
  count             = 3
  availability_zone = "eu-west-1a"
  size              = 50
}

resource "aws_ebs_volume" "by_name" {
  for_each          = local.volumes
  availability_zone = "eu-west-1a"
  size              = each.value.size
  encrypted         = each.value.encrypted # expect: aws-ebs-encryption-required
}
