module "account" {
  source          = "./modules/account"
  require_symbols = false
}
