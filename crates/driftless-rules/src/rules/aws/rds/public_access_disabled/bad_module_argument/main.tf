module "analytics" {
  source = "./modules/db"
  name   = "analytics"
  public = true
}

module "orders" {
  source = "./modules/db"
  name   = "orders"
}
