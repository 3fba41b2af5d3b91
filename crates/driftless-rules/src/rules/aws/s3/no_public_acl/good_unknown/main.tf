variable "acl" {
  type = string
}

variable "grantee_uri" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
  acl    = var.acl
}

resource "aws_s3_bucket_acl" "shared" {
  bucket = "acme-shared"

  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = var.grantee_uri
      }
      permission = "READ"
    }

    owner {
      id = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    }
  }
}
