module "sandbox_account" {
  source         = "./modules/account"
  ebs_encryption = false
}

module "prod_account" {
  source = "./modules/account"
}
