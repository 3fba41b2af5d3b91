# One statement names a bucket only known after apply; the other allows everything.
resource "aws_s3_bucket" "data" {
  bucket_prefix = "data-"
}

resource "aws_iam_policy" "mixed" {
  name = "mixed"
  policy = jsonencode({ # expect: aws-iam-policy-admin-wildcard
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "${aws_s3_bucket.data.arn}/*"
      },
      {
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      },
    ]
  })
}
