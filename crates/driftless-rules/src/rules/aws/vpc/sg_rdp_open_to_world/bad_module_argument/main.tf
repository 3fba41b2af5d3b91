module "jump_host" {
  source     = "./modules/windows"
  rdp_source = "0.0.0.0/0"
}
