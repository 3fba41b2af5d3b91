# What breaks: the token setting is one element of a list variable.
variable "metadata" {
  type    = list(string)
  default = ["optional", "enabled"]
}

resource "aws_instance" "web" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens   = var.metadata[0]
    http_endpoint = var.metadata[1]
  }
}
