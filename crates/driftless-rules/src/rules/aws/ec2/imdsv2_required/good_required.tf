resource "aws_instance" "web" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_launch_template" "off" {
  metadata_options {
    http_endpoint = "disabled"
  }
}

resource "aws_instance" "none" {
  count         = 0
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"
}
