module "bastion" {
  source      = "./modules/bastion"
  admin_cidrs = ["0.0.0.0/0"]
}

module "internal" {
  source = "./modules/bastion"
}
