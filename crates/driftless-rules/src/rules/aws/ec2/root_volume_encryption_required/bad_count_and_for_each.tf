locals {
  nodes = {
    a = { encrypted = true }
    b = { encrypted = false }
  }
}

resource "aws_instance" "pool" { # expect: aws-ec2-root-volume-encryption-required
  count         = 2
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"
}

resource "aws_instance" "by_name" {
  for_each      = local.nodes
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"

  root_block_device {
    encrypted = each.value.encrypted # expect: aws-ec2-root-volume-encryption-required
  }
}
