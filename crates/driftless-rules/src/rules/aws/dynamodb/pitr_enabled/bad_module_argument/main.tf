module "scratch" {
  source = "./modules/table"
  name   = "scratch"
  pitr   = false
}

module "orders" {
  source = "./modules/table"
  name   = "orders"
}
