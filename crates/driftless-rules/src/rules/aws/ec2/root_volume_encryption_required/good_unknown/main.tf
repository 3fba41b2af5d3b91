variable "encrypted" {
  type = bool
}

resource "aws_ssm_parameter" "encrypt" {
  name           = "/platform/ebs/encrypt"
  type           = "String"
  insecure_value = "true"
}

resource "aws_instance" "from_variable" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"

  root_block_device {
    encrypted = var.encrypted
  }
}

resource "aws_launch_template" "from_parameter" {
  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      encrypted = aws_ssm_parameter.encrypt.insecure_value
    }
  }
}

resource "aws_instance" "dynamic_root" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"

  dynamic "root_block_device" {
    for_each = var.encrypted ? [1] : []
    content {
      encrypted = true
    }
  }
}
