module "cache" {
  source         = "./modules/store"
  name           = "acme-cache"
  access_logging = false
}

module "records" {
  source = "./modules/store"
  name   = "acme-records"
}
