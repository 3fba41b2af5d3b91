# A registry module call without `.terraform/`: evaluated from the knowledge base.
module "web" {
  source  = "terraform-aws-modules/ec2-instance/aws"
  version = "~> 6.0"

  name          = "web"
  instance_type = "t3.micro"

  metadata_options = {
    http_endpoint = "enabled"
    http_tokens   = "optional" # expect: aws-ec2-imdsv2-required
  }
}

# The suppression covers this call only, not `web` above.
# driftless:ignore aws-ec2-imdsv2-required reason="vendor agent needs IMDSv1"
module "legacy" {
  source = "registry.terraform.io/terraform-aws-modules/ec2-instance/aws"

  name = "legacy"

  metadata_options = {
    http_tokens = "optional"
  }
}
