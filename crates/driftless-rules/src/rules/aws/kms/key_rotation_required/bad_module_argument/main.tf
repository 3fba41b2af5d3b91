module "billing" {
  source = "./modules/key"
  name   = "billing"
  rotate = false
}

module "audit" {
  source = "./modules/key"
  name   = "audit"
}
