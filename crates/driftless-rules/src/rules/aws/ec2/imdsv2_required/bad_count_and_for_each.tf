locals {
  tokens = "optional"
}

resource "aws_instance" "pool" { # expect: aws-ec2-imdsv2-required
  count         = 3
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"
}

resource "aws_instance" "by_zone" {
  for_each      = toset(["eu-west-1a", "eu-west-1b"])
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = each.key == "eu-west-1a" ? "required" : local.tokens # expect: aws-ec2-imdsv2-required
  }
}
