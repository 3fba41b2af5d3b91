module "sandbox" {
  source          = "./modules/cluster"
  name            = "sandbox"
  public_endpoint = true
}

module "prod" {
  source = "./modules/cluster"
  name   = "prod"
}
