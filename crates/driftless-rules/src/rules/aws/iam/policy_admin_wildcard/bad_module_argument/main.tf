module "ci" {
  source  = "./modules/role"
  name    = "ci"
  actions = ["*"]
}

module "reader" {
  source = "./modules/role"
  name   = "reader"
}
