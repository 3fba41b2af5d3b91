variable "tokens" {
  type = string
}

# The module requires IMDSv2 by default.
module "defaults" {
  source  = "terraform-aws-modules/ec2-instance/aws"
  version = "6.0.2"

  name = "defaults"
}

# An object without `http_tokens`: the type's optional default ("required") applies.
module "partial" {
  source = "terraform-aws-modules/ec2-instance/aws"

  name = "partial"

  metadata_options = {
    http_endpoint = "enabled"
  }
}

# An unknown value is not a false value.
module "unknown" {
  source = "terraform-aws-modules/ec2-instance/aws"

  name = "unknown"

  metadata_options = {
    http_tokens = var.tokens
  }
}

# Not created at all.
module "disabled" {
  source = "terraform-aws-modules/ec2-instance/aws"

  create = false

  metadata_options = {
    http_tokens = "optional"
  }
}
