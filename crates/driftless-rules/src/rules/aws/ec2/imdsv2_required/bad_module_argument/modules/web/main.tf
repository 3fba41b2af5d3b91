variable "http_tokens" {
  type    = string
  default = "required"
}

resource "aws_instance" "this" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = var.http_tokens # expect: aws-ec2-imdsv2-required
  }
}
