resource "aws_instance" "web" { # expect: aws-ec2-imdsv2-required
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"
}

resource "aws_launch_template" "workers" {
  name_prefix = "workers-"

  metadata_options { # expect: aws-ec2-imdsv2-required
    http_endpoint = "enabled"
  }
}

resource "aws_launch_template" "empty" {} # expect: aws-ec2-imdsv2-required

resource "aws_instance" "worker" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"

  metadata_options {} # expect: aws-ec2-imdsv2-required
}
