resource "aws_instance" "bastion" {
  ami                         = "ami-0abc1234"
  instance_type               = "t3.micro"
  associate_public_ip_address = true # expect: aws-ec2-instance-no-public-ip
}

resource "aws_launch_configuration" "workers" {
  image_id                    = "ami-0abc1234"
  instance_type               = "t3.micro"
  associate_public_ip_address = "true" # expect: aws-ec2-instance-no-public-ip
}

resource "aws_launch_template" "web" {
  name_prefix = "web-"

  network_interfaces {
    device_index                = 0
    associate_public_ip_address = false
  }

  network_interfaces {
    device_index                = 1
    associate_public_ip_address = true # expect: aws-ec2-instance-no-public-ip
  }
}
