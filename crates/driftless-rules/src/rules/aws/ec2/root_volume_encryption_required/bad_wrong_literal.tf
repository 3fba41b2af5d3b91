resource "aws_instance" "db" {
  ami           = "ami-0abc1234"
  instance_type = "t3.large"

  root_block_device {
    encrypted = false # expect: aws-ec2-root-volume-encryption-required
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 500
    encrypted   = false
  }

  ebs_block_device {
    device_name = "/dev/sdg"
    volume_size = 500
    encrypted   = true
  }
}

resource "aws_launch_configuration" "api" {
  name_prefix   = "api-"
  image_id      = "ami-0abc1234"
  instance_type = "t3.micro"

  root_block_device {
    encrypted = true
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    encrypted   = "false" # expect: aws-ec2-root-volume-encryption-required
  }
}

resource "aws_launch_template" "api" {
  name_prefix = "api-"

  block_device_mappings {
    device_name = "/dev/sda1"

    ebs {
      encrypted = null # expect: aws-ec2-root-volume-encryption-required
    }
  }
}

# Encryption by default cannot save a volume that asks not to be encrypted.
resource "aws_ebs_encryption_by_default" "on" {
  enabled = false
}
