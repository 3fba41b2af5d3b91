# Encryption by default is on for the Region, so volumes that do not ask are encrypted too.
resource "aws_ebs_encryption_by_default" "this" {}

resource "aws_instance" "web" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"
}

resource "aws_launch_configuration" "workers" {
  image_id      = "ami-0abc1234"
  instance_type = "t3.micro"

  ebs_block_device {
    device_name = "/dev/sdf"
  }
}
