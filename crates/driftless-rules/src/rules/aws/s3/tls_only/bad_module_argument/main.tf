module "cache" {
  source     = "./modules/store"
  name       = "acme-cache"
  tls_policy = false
}

module "records" {
  source = "./modules/store"
  name   = "acme-records"
}
