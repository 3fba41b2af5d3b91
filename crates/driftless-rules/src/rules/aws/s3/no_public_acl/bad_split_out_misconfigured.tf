resource "aws_s3_bucket" "assets" {
  bucket = "acme-assets"
}

# The public grant is deleted; the owner's grant stays.
resource "aws_s3_bucket_acl" "assets" {
  bucket = aws_s3_bucket.assets.id

  access_control_policy {
    grant {
      grantee {
        id   = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
        type = "CanonicalUser"
      }
      permission = "FULL_CONTROL"
    }

    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers" # expect: aws-s3-no-public-acl
      }
      permission = "READ"
    }

    owner {
      id = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    }
  }
}

resource "aws_s3_bucket" "partners" {
  bucket = "acme-partners"
}

# The only grant is public: a recommendation, no edit.
resource "aws_s3_bucket_acl" "partners" {
  bucket = aws_s3_bucket.partners.id

  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" # expect: aws-s3-no-public-acl
      }
      permission = "READ"
    }

    owner {
      id = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    }
  }
}

# Provider 3: grants in the bucket.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"

  grant {
    id          = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    type        = "CanonicalUser"
    permissions = ["FULL_CONTROL"]
  }

  grant {
    type        = "Group"
    uri         = "http://acs.amazonaws.com/groups/global/AllUsers" # expect: aws-s3-no-public-acl
    permissions = ["READ_ACP", "WRITE"]
  }
}
