module "web" {
  source = "terraform-aws-modules/ec2-instance/aws//"

  name = "web"

  root_block_device = {
    encrypted = true
    size      = 50
  }
}
