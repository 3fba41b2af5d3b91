variable "root_block_device" {
  type    = list(map(string))
  default = []
}

resource "aws_instance" "this" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"

  dynamic "root_block_device" {
    for_each = var.root_block_device

    content {
      encrypted   = lookup(root_block_device.value, "encrypted", null)
      volume_size = lookup(root_block_device.value, "volume_size", null)
    }
  }
}
