variable "acl" {
  type    = string
  default = "private"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_acl" "data" {
  bucket = aws_s3_bucket.data.id
  acl    = var.acl # expect: aws-s3-no-public-acl
}
