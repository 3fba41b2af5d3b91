module "legacy" {
  source              = "./modules/cluster"
  encrypted_resources = []
}

module "current" {
  source = "./modules/cluster"
}
