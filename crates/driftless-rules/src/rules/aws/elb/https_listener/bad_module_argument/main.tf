module "public" {
  source   = "./modules/listener"
  protocol = "HTTP"
}

module "internal" {
  source = "./modules/listener"
}
