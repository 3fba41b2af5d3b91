module "network" {
  source = "./modules/network"
  default_security_group_ingress = [{
    protocol  = "-1"
    from_port = 0
    to_port   = 0
    self      = true
  }]
}

module "locked" {
  source = "./modules/network"
}
