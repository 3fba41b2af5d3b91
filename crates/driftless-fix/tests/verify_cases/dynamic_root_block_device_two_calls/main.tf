# What breaks: a shared module with an optional `dynamic "root_block_device"` block, called
# once with the input and once without (the case of issue 10). A static
# `root_block_device { encrypted = true }` added in the module beside the dynamic block is a
# second block for the call that passes the input: "Too many root_block_device blocks".
module "app" {
  source = "./modules/server"
  root_block_device = [{
    volume_size = "50"
  }]
}

module "worker" {
  source = "./modules/server"
}
