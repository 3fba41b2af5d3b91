variable "encrypted" {
  type    = bool
  default = true
}

resource "aws_instance" "this" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"

  root_block_device {
    encrypted = var.encrypted # expect: aws-ec2-root-volume-encryption-required
  }
}
