module "ledger" {
  source  = "./modules/db"
  name    = "ledger"
  protect = false
}

module "audit" {
  source = "./modules/db"
  name   = "audit"
}
