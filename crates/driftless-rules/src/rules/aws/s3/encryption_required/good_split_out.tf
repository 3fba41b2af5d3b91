resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket" "teams" {
  for_each = toset(["red", "blue"])
  bucket   = "acme-team-${each.key}"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "teams" {
  for_each = aws_s3_bucket.teams
  bucket   = each.value.id

  rule {
    bucket_key_enabled = true
  }

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}
