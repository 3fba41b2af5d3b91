variable "tls_policy" {
  type    = bool
  default = false
}

# The policy exists but is switched off: the finding recommends the input rather than a
# second `aws_s3_bucket_policy`.
resource "aws_s3_bucket" "data" { # expect: aws-s3-tls-only
  bucket = "acme-data"
}

resource "aws_s3_bucket_policy" "data" {
  count  = var.tls_policy ? 1 : 0
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
