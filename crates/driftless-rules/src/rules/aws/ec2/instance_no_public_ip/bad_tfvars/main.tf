variable "associate_public_ip_address" {
  type    = bool
  default = false
}

resource "aws_launch_template" "app" {
  name_prefix = "app-"

  network_interfaces {
    associate_public_ip_address = var.associate_public_ip_address # expect: aws-ec2-instance-no-public-ip
    security_groups             = ["sg-0123456789abcdef0"]
  }
}
