module "api" {
  source         = "./modules/repo"
  name           = "api"
  tag_mutability = "MUTABLE"
}

module "worker" {
  source = "./modules/repo"
  name   = "worker"
}
