resource "aws_s3_bucket" "pool" { # expect: aws-s3-versioning-required
  count  = 2
  bucket = "acme-pool-${count.index}"
}

resource "aws_s3_bucket" "by_team" { # expect: aws-s3-versioning-required
  for_each = toset(["red", "blue"])
  bucket   = "acme-${each.key}"
}

resource "aws_s3_bucket" "stages" {
  for_each = { dev = false, prod = true }
  bucket   = "acme-stage-${each.key}"

  versioning {
    enabled = each.value # expect: aws-s3-versioning-required
  }
}
