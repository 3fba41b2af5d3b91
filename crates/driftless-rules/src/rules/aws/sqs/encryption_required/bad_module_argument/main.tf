module "legacy" {
  source  = "./modules/queue"
  name    = "legacy"
  encrypt = false
}

module "orders" {
  source = "./modules/queue"
  name   = "orders"
}
