# What breaks: modules/web is shared by two root modules and its `public` input defaults to
# true. The fix of aws-ec2-instance-no-public-ip writes false into the module's default. The
# root module envs/private passes a NAT gateway and plans; this one passes none, and the
# module's precondition (a private instance needs a NAT gateway) fails: `terraform plan`
# fails with "Resource precondition failed" here only.
module "web" {
  source = "../../modules/web"
}
