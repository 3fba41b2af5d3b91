resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "pool" {
  count  = 2
  bucket = "acme-pool-${count.index}"
}

resource "aws_s3_bucket_versioning" "pool" {
  count  = 2
  bucket = aws_s3_bucket.pool[count.index].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "named" {
  bucket = "acme-named"
}

resource "aws_s3_bucket_versioning" "named" {
  bucket = "acme-named"

  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Disabled"
  }
}
