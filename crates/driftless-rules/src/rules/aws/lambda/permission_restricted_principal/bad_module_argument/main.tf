module "from_sns" {
  source    = "./modules/trigger"
  principal = "sns.amazonaws.com"
}

module "from_account" {
  source    = "./modules/trigger"
  principal = "111122223333"
}
