module "legacy" {
  source = "./modules/topic"
  name   = "legacy"
  key    = ""
}

module "alerts" {
  source = "./modules/topic"
  name   = "alerts"
}
