variable "versioning" {
  type    = bool
  default = false
}

# The versioning resource exists but is switched off: the finding recommends the input
# rather than adding a second `aws_s3_bucket_versioning` that would fight with it.
resource "aws_s3_bucket" "data" { # expect: aws-s3-versioning-required
  bucket = "acme-data"
}

resource "aws_s3_bucket_versioning" "data" {
  count  = var.versioning ? 1 : 0
  bucket = aws_s3_bucket.data.id

  versioning_configuration {
    status = "Enabled"
  }
}
