resource "aws_s3_bucket" "data" { # expect: aws-s3-tls-only
  bucket = "acme-data"
}

# Sets a policy for a bucket that exists already: says nothing about `data`.
data "aws_s3_bucket" "existing" {
  bucket = "acme-existing"
}

resource "aws_s3_bucket_policy" "existing" {
  bucket = data.aws_s3_bucket.existing.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [data.aws_s3_bucket.existing.arn, "${data.aws_s3_bucket.existing.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
