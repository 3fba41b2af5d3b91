module "scratch" {
  source  = "./modules/cache"
  name    = "scratch"
  encrypt = false
}

module "sessions" {
  source = "./modules/cache"
  name   = "sessions"
}
