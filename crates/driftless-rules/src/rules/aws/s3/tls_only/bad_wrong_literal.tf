# Provider 3: the policy is the bucket's own. Allowing HTTPS does not deny HTTP.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/reader\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::acme-legacy/*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}}]}" # expect: aws-s3-tls-only
}

# The deny covers uploads without encryption, not plain HTTP.
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  policy = jsonencode({ # expect: aws-s3-tls-only
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:PutObject"
      Resource  = "${aws_s3_bucket.uploads.arn}/*"
      Condition = { StringNotEquals = { "s3:x-amz-server-side-encryption" = "aws:kms" } }
    }]
  })
}
