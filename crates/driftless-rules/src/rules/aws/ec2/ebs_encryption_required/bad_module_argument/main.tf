module "database_disk" {
  source    = "./modules/disk"
  size      = 200
  encrypted = false
}

module "cache_disk" {
  source = "./modules/disk"
  size   = 20
}
