module "website" {
  source                  = "./modules/site"
  name                    = "acme-website"
  restrict_public_buckets = false
}

module "archive" {
  source = "./modules/site"
  name   = "acme-archive"
}
