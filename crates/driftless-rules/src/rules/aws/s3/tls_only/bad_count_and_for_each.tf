resource "aws_s3_bucket" "pool" { # expect: aws-s3-tls-only
  count  = 2
  bucket = "acme-pool-${count.index}"
}

resource "aws_s3_bucket" "by_team" { # expect: aws-s3-tls-only
  for_each = toset(["red", "blue"])
  bucket   = "acme-${each.key}"
}
