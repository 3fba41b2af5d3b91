module "web" {
  source      = "./modules/web"
  http_tokens = "optional"
}

module "api" {
  source = "./modules/web"
}
