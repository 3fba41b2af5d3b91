# Without the attribute, the subnet decides.
resource "aws_instance" "default" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"
}

resource "aws_instance" "explicit" {
  ami                         = "ami-0abc1234"
  instance_type               = "t3.micro"
  associate_public_ip_address = false
}

resource "aws_launch_template" "private" {
  network_interfaces {
    associate_public_ip_address = false
  }

  network_interfaces {
    device_index = 1
  }
}

resource "aws_launch_configuration" "private" {
  image_id      = "ami-0abc1234"
  instance_type = "t3.micro"
}
