module "public_app" {
  source        = "./modules/app"
  allowed_cidrs = ["0.0.0.0/0"]
}

module "private_app" {
  source = "./modules/app"
}
