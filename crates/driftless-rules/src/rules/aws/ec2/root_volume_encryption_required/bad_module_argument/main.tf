module "legacy" {
  source    = "./modules/node"
  encrypted = false
}

module "current" {
  source = "./modules/node"
}
