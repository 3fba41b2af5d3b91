module "debug" {
  source    = "./modules/logs"
  name      = "/app/debug"
  retention = 3
}

module "api" {
  source = "./modules/logs"
  name   = "/app/api"
}
