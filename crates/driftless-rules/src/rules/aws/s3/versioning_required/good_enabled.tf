resource "aws_s3_bucket" "inline" {
  bucket = "acme-inline"

  versioning {
    enabled = true
  }
}

resource "aws_s3_bucket" "none" {
  count  = 0
  bucket = "acme-none"
}
