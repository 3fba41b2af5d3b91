variable "acl" {
  type = string
}

variable "grantee_uri" {
  type = string
}

data "aws_canonical_user_id" "current" {}

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
      id = data.aws_canonical_user_id.current.id
    }
  }
}
