resource "aws_s3_bucket" "downloads" {
  bucket = "acme-downloads"
  acl    = "public-read" # expect: aws-s3-no-public-acl
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_s3_bucket_acl" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  acl    = "public-read-write" # expect: aws-s3-no-public-acl
}

resource "aws_s3_bucket" "shared" {
  bucket = "acme-shared"
}

resource "aws_s3_bucket_acl" "shared" {
  bucket = aws_s3_bucket.shared.id
  acl    = "authenticated-read" # expect: aws-s3-no-public-acl
}
