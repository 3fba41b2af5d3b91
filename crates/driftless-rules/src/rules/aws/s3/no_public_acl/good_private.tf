resource "aws_s3_bucket" "inline" {
  bucket = "acme-inline"
  acl    = "private"
}

# No ACL at all: the bucket is private.
resource "aws_s3_bucket" "plain" {
  bucket = "acme-plain"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  acl    = "log-delivery-write"
}
