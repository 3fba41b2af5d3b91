variable "public_ip" {
  type = bool
}

resource "aws_instance" "from_variable" {
  ami                         = "ami-0abc1234"
  instance_type               = "t3.micro"
  associate_public_ip_address = var.public_ip
}

resource "aws_launch_template" "dynamic" {
  dynamic "network_interfaces" {
    for_each = var.public_ip ? [1] : []
    content {
      associate_public_ip_address = true
    }
  }
}
