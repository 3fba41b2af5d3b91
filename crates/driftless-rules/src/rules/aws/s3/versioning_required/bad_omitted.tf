resource "aws_s3_bucket" "data" { # expect: aws-s3-versioning-required
  bucket = "acme-data"
}

resource "aws_s3_bucket" "reports" {
  bucket = "acme-reports"

  versioning { # expect: aws-s3-versioning-required
    mfa_delete = false
  }
}

# Versions a bucket that exists already: says nothing about the two above.
resource "aws_s3_bucket_versioning" "existing" {
  bucket = "acme-existing"

  versioning_configuration {
    status = "Enabled"
  }
}
