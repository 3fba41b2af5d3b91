resource "aws_s3_bucket" "by_reference" {
  bucket = "acme-by-reference"
}

resource "aws_s3_bucket_public_access_block" "by_reference" {
  bucket                  = aws_s3_bucket.by_reference.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "by_name" {
  bucket = "acme-by-name"
}

resource "aws_s3_bucket_public_access_block" "by_name" {
  bucket                  = "acme-by-name"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

locals {
  pool_bucket_ids = aws_s3_bucket.pool[*].id
}

resource "aws_s3_bucket" "pool" {
  count  = 3
  bucket = "acme-pool-${count.index}"
}

resource "aws_s3_bucket_public_access_block" "pool" {
  count                   = 3
  bucket                  = local.pool_bucket_ids[count.index]
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "teams" {
  for_each = toset(["red", "blue"])
  bucket   = "acme-team-${each.key}"
}

resource "aws_s3_bucket_public_access_block" "teams" {
  for_each = aws_s3_bucket.teams

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
