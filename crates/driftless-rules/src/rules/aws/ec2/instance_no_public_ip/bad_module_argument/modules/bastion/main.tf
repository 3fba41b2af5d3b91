variable "public_ip" {
  type    = bool
  default = false
}

resource "aws_instance" "this" {
  ami                         = "ami-0abc1234"
  instance_type               = "t3.micro"
  associate_public_ip_address = var.public_ip # expect: aws-ec2-instance-no-public-ip
}
