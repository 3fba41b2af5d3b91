resource "aws_s3_bucket" "data" { # expect: aws-s3-tls-only
  bucket = "acme-data"
}

# Sets a policy for a bucket that exists already: says nothing about `data`.
resource "aws_s3_bucket_policy" "existing" {
  bucket = "acme-existing"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::acme-existing", "arn:aws:s3:::acme-existing/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
