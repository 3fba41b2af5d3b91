variable "encrypt_volumes" {
  type    = bool
  default = true
}

resource "aws_launch_template" "app" {
  name_prefix = "app-"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size = 20
      encrypted   = var.encrypt_volumes # expect: aws-ec2-root-volume-encryption-required
    }
  }
}
