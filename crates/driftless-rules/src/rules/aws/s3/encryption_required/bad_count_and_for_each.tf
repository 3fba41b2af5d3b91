resource "aws_s3_bucket" "pool" { # expect: aws-s3-encryption-required
  count  = length(local.pools)
  bucket = "acme-pool-${local.pools[count.index]}"
}

locals {
  pools = ["hot", "cold"]
}

resource "aws_s3_bucket" "by_team" { # expect: aws-s3-encryption-required
  for_each = { red = "r", blue = "b" }
  bucket   = "acme-${each.key}"
}
