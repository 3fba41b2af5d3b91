module "bastion" {
  source    = "./modules/bastion"
  public_ip = true
}

module "internal" {
  source = "./modules/bastion"
}
