module "ledger" {
  source   = "./modules/db"
  name     = "ledger"
  iam_auth = false
}

module "audit" {
  source = "./modules/db"
  name   = "audit"
}
