resource "aws_s3_bucket" "pool" { # expect: aws-s3-access-logging-enabled
  count  = 2
  bucket = "acme-pool-${count.index}"
}

resource "aws_s3_bucket" "by_team" { # expect: aws-s3-access-logging-enabled
  for_each = toset(["red", "blue"])
  bucket   = "acme-${each.key}"
}

resource "aws_s3_bucket" "logged" {
  for_each = toset(["green"])
  bucket   = "acme-${each.key}"
}

resource "aws_s3_bucket_logging" "logged" {
  for_each      = aws_s3_bucket.logged
  bucket        = each.value.id
  target_bucket = "acme-access-logs"
  target_prefix = "${each.key}/"
}
