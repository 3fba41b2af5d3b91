resource "aws_s3_bucket" "pool" { # expect: aws-s3-public-access-block-required
  count  = 2
  bucket = "acme-pool-${count.index}"
}

resource "aws_s3_bucket" "by_team" { # expect: aws-s3-public-access-block-required
  for_each = toset(["red", "blue"])
  bucket   = "acme-${each.key}"
}

resource "aws_s3_bucket" "shared" {
  for_each = toset(["a", "b"])
  bucket   = "acme-shared-${each.key}"
}

resource "aws_s3_bucket_public_access_block" "shared" {
  for_each                = aws_s3_bucket.shared
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_public_access_block" "by_name" {
  for_each                = toset(["a", "b"])
  bucket                  = "acme-shared-${each.key}"
  block_public_acls       = each.key == "a" # expect: aws-s3-public-access-block-required
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
