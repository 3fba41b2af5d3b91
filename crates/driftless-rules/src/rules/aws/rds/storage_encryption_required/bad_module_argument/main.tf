module "orders" {
  source            = "./modules/db"
  name              = "orders"
  storage_encrypted = false
}

module "billing" {
  source = "./modules/db"
  name   = "billing"
}
