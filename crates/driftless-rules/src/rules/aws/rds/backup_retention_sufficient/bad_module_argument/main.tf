module "orders" {
  source         = "./modules/db"
  name           = "orders"
  retention_days = 0
}

module "billing" {
  source = "./modules/db"
  name   = "billing"
}
