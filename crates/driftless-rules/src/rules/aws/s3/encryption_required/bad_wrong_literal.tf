# Values the AWS provider rejects (no valid `sse_algorithm` fails this rule): the rule
# reports and fixes them before Terraform does, so this case cannot plan.
resource "aws_s3_bucket" "data" {
  bucket = "acme-data"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES-256" # expect: aws-s3-encryption-required
      }
    }
  }
}

# A `rule` without `apply_server_side_encryption_by_default` (the bucket's inline block
# requires it).
resource "aws_s3_bucket" "reports" {
  bucket = "acme-reports"

  server_side_encryption_configuration {
    rule { # expect: aws-s3-encryption-required
      bucket_key_enabled = true
    }
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = "acme-logs"

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "" # expect: aws-s3-encryption-required
    }
  }
}

# A literal in a conditional's branch: no edit site.
resource "aws_s3_bucket" "regions" {
  for_each = toset(["eu", "us"])
  bucket   = "acme-region-${each.key}"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = each.key == "eu" ? "aws:kms" : "none" # expect: aws-s3-encryption-required
      }
    }
  }
}
