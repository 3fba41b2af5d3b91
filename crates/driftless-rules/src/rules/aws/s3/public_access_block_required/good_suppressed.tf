# The public website is served straight from this bucket.
# driftless:ignore aws-s3-public-access-block-required reason="public website"
resource "aws_s3_bucket" "website" {
  bucket = "acme-website"
}

resource "aws_s3_bucket" "datasets" {
  # checkov:skip=CKV2_AWS_6:open dataset, public by design
  bucket = "acme-open-datasets"
}

resource "aws_s3_bucket_public_access_block" "downloads" {
  # checkov:skip=CKV_AWS_56:downloads are public through the bucket policy
  bucket                  = "acme-downloads"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = false
}
