variable "encrypted" {
  type = bool
}

data "aws_ssm_parameter" "encrypt" {
  name = "/platform/ebs/encrypt"
}

resource "aws_instance" "from_variable" {
  ami = "ami-0abc1234"

  root_block_device {
    encrypted = var.encrypted
  }
}

resource "aws_launch_template" "from_data" {
  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      encrypted = data.aws_ssm_parameter.encrypt.value
    }
  }
}

resource "aws_instance" "dynamic_root" {
  ami = "ami-0abc1234"

  dynamic "root_block_device" {
    for_each = var.encrypted ? [1] : []
    content {
      encrypted = true
    }
  }
}
