module "web" { # expect: aws-ec2-root-volume-encryption-required
  source = "terraform-aws-modules/ec2-instance/aws"

  name = "web"

  root_block_device = {
    size = 50
    type = "gp3"
  }
}
