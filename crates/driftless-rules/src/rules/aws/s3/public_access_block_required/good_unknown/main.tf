variable "blocked" {
  type = bool
}

variable "bucket_id" {
  type = string
}

resource "aws_ssm_parameter" "policy_blocked" {
  name           = "/platform/s3/block-public-policy"
  type           = "String"
  insecure_value = "true"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = var.blocked
  block_public_policy     = aws_ssm_parameter.policy_blocked.insecure_value
  ignore_public_acls      = var.blocked
  restrict_public_buckets = var.blocked
}

# The block's bucket is not known, so it may be this bucket's.
resource "aws_s3_bucket" "maybe" {
  bucket_prefix = "acme-maybe-"
}

resource "aws_s3_bucket_public_access_block" "maybe" {
  bucket                  = var.bucket_id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
