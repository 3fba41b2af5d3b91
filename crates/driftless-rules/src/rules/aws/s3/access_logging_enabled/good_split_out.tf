resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = "acme-access-logs"
  target_prefix = "data/"
}

resource "aws_s3_bucket" "named" {
  bucket = "acme-named"
}

resource "aws_s3_bucket_logging" "named" {
  bucket        = "acme-named"
  target_bucket = "acme-access-logs"
  target_prefix = "named/"
}

resource "aws_s3_bucket" "pool" {
  count  = 2
  bucket = "acme-pool-${count.index}"
}

resource "aws_s3_bucket_logging" "pool" {
  count         = 2
  bucket        = aws_s3_bucket.pool[count.index].id
  target_bucket = "acme-access-logs"
  target_prefix = "pool/"
}
