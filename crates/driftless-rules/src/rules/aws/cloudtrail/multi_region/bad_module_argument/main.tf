module "org_trail" {
  source      = "./modules/trail"
  name        = "organization"
  all_regions = false
}
