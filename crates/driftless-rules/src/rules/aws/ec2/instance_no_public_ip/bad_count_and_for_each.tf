locals {
  hosts = {
    jump   = true
    worker = false
  }
}

resource "aws_instance" "by_role" {
  for_each                    = local.hosts
  ami                         = "ami-0abc1234"
  instance_type               = "t3.micro"
  associate_public_ip_address = each.value # expect: aws-ec2-instance-no-public-ip
}

resource "aws_launch_template" "pool" {
  count = 2

  network_interfaces {
    associate_public_ip_address = true # expect: aws-ec2-instance-no-public-ip
  }
}
