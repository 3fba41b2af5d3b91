module "scratch" {
  source    = "./modules/share"
  name      = "scratch"
  encrypted = false
}

module "home" {
  source = "./modules/share"
  name   = "home"
}
