resource "aws_instance" "web" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"

  root_block_device {
    encrypted  = true
    kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    encrypted   = "true"
  }
}

resource "aws_launch_configuration" "workers" {
  image_id      = "ami-0abc1234"
  instance_type = "t3.micro"

  root_block_device {
    encrypted = true
  }
}

# No mapping: the root volume follows the AMI, whose root device name only the AMI knows.
resource "aws_launch_template" "plain" {
  image_id = "ami-0abc1234"
}

resource "aws_launch_template" "instance_store" {
  block_device_mappings {
    device_name  = "/dev/sdb"
    virtual_name = "ephemeral0"
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      encrypted = true
    }
  }
}

resource "aws_instance" "none" {
  count         = 0
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"
}
