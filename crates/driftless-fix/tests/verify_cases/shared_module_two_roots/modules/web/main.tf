variable "public" {
  type    = bool
  default = true
}

variable "nat_gateway_id" {
  type    = string
  default = null
}

resource "aws_instance" "web" {
  ami                         = "ami-0abc1234"
  instance_type               = "t3.micro"
  associate_public_ip_address = var.public

  lifecycle {
    precondition {
      condition     = var.public || var.nat_gateway_id != null
      error_message = "A private instance needs a NAT gateway to reach the internet."
    }
  }
}
