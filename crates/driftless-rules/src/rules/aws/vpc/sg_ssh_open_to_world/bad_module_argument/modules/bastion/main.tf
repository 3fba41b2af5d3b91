variable "admin_cidrs" {
  type    = list(string)
  default = ["10.20.0.0/16"]
}

resource "aws_security_group" "this" {
  name = "bastion"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidrs # expect: aws-vpc-sg-ssh-open-to-world
  }
}
