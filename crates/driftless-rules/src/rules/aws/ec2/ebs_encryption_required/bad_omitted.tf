resource "aws_ebs_volume" "data" { # expect: aws-ebs-encryption-required
  availability_zone = "eu-west-1a"
  size              = 100
  type              = "gp3"
}

# Restored from a snapshot: without `encrypted`, an unencrypted snapshot gives an unencrypted volume.
resource "aws_ebs_volume" "restored" { # expect: aws-ebs-encryption-required
  availability_zone = "eu-west-1a"
  snapshot_id       = "snap-0123456789abcdef0"
}
