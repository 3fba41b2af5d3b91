resource "aws_s3_bucket" "reports" {
  bucket = "acme-finance-reports"
}

resource "aws_s3_bucket" "assets" {
  bucket = "acme-public-assets"
}

resource "aws_s3_bucket_public_access_block" "assets" {
  bucket = aws_s3_bucket.assets.id

  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = false
}

resource "aws_ecr_repository" "api" {
  name                 = "acme/api"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_kms_key" "reports" {
  description         = "Encrypts the finance reports"
  enable_key_rotation = false
}
