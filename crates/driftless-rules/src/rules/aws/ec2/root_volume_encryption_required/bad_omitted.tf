resource "aws_instance" "web" { # expect: aws-ec2-root-volume-encryption-required
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"
}

resource "aws_instance" "sized" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"

  root_block_device { # expect: aws-ec2-root-volume-encryption-required
    volume_size = 50
  }
}

# Restored from a snapshot: unencrypted when the snapshot is.
resource "aws_instance" "restored" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"

  root_block_device {
    encrypted = true
  }

  ebs_block_device { # expect: aws-ec2-root-volume-encryption-required
    device_name = "/dev/sdf"
    snapshot_id = "snap-0123456789abcdef0"
  }
}

resource "aws_launch_configuration" "workers" { # expect: aws-ec2-root-volume-encryption-required
  name_prefix   = "workers-"
  image_id      = "ami-0abc1234"
  instance_type = "t3.micro"
}

resource "aws_launch_template" "batch" {
  name_prefix = "batch-"
  image_id    = "ami-0abc1234"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs { # expect: aws-ec2-root-volume-encryption-required
      volume_size = 100
      volume_type = "gp3"
    }
  }
}
