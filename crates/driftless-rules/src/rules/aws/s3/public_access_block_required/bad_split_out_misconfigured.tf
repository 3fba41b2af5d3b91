resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

# Names the bucket rather than referring to it; two settings are left out.
resource "aws_s3_bucket_public_access_block" "logs" { # expect: aws-s3-public-access-block-required
  bucket              = "acme-logs"
  block_public_acls   = true
  block_public_policy = true
}

resource "aws_s3_bucket" "assets" {
  bucket = "acme-assets"
}

resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = aws_s3_bucket.assets.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = null # expect: aws-s3-public-access-block-required
}
