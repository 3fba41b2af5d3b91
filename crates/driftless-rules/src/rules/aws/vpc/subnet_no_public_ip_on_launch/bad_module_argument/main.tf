module "edge" {
  source = "./modules/subnet"
  cidr   = "10.0.1.0/24"
  public = true
}

module "core" {
  source = "./modules/subnet"
  cidr   = "10.0.2.0/24"
}
