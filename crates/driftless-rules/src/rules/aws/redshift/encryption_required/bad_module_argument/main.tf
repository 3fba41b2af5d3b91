module "sandbox" {
  source    = "./modules/warehouse"
  name      = "sandbox"
  encrypted = false
}

module "finance" {
  source = "./modules/warehouse"
  name   = "finance"
}
