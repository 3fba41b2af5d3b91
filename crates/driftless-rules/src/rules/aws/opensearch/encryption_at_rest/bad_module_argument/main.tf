module "sandbox" {
  source  = "./modules/domain"
  name    = "sandbox"
  encrypt = false
}

module "search" {
  source = "./modules/domain"
  name   = "search"
}
