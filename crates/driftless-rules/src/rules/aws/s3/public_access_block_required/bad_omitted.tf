resource "aws_s3_bucket" "data" { # expect: aws-s3-public-access-block-required
  bucket = "acme-data"
}

resource "aws_s3_bucket" "bare" {} # expect: aws-s3-public-access-block-required

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

# The block exists but sets nothing: every setting defaults to false.
resource "aws_s3_bucket_public_access_block" "uploads" { # expect: aws-s3-public-access-block-required
  bucket = aws_s3_bucket.uploads.id
}
