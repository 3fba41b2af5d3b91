# A shared module whose root volume comes from an optional input, written as a `dynamic`
# block. Scanned on its own the input is null, so the instance has no `root_block_device`;
# a static one added beside the dynamic block would be a second block for every caller that
# passes the input ("Too many root_block_device blocks"). The fix is a recommendation.
variable "root_block_device" {
  type = object({
    encrypted = optional(bool)
    size      = optional(number)
  })
  default = null
}

resource "aws_instance" "this" { # expect: aws-ec2-root-volume-encryption-required
  ami           = "ami-0abc"
  instance_type = "t3.micro"

  dynamic "root_block_device" {
    for_each = var.root_block_device != null ? [var.root_block_device] : []

    content {
      encrypted   = root_block_device.value.encrypted
      volume_size = root_block_device.value.size
    }
  }
}
