module "cache" {
  source            = "./modules/store"
  name              = "acme-cache"
  versioning_status = "Suspended"
}

module "records" {
  source = "./modules/store"
  name   = "acme-records"
}
