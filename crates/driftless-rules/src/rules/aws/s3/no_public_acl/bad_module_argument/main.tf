module "docs" {
  source = "./modules/site"
  name   = "acme-docs"
  acl    = "public-read"
}

module "internal" {
  source = "./modules/site"
  name   = "acme-internal"
}
