module "org_trail" {
  source = "./modules/trail"
  name   = "organization"
}
