variable "extra_rules" {
  type = list(number)
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

# The default group is managed by a module that receives the VPC's id.
module "lockdown" {
  source = "./modules/lockdown"
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc" "second" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_default_security_group" "second" {
  vpc_id = aws_vpc.second.id

  dynamic "egress" {
    for_each = var.extra_rules
    content {
      from_port   = egress.value
      to_port     = egress.value
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}
