module "shop" {
  source         = "./modules/alb"
  name           = "shop"
  strict_headers = false
}

module "admin" {
  source = "./modules/alb"
  name   = "admin"
}
