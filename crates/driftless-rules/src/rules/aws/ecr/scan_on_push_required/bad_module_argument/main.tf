module "base_images" {
  source       = "./modules/repo"
  name         = "base"
  scan_on_push = false
}

module "app" {
  source = "./modules/repo"
  name   = "app"
}
