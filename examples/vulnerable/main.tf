terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "web_http_tokens" {
  description = "IMDS token mode of the web tier"
  type        = string
  default     = "required"
}

variable "admin_cidr" {
  description = "Where administrators connect from"
  type        = string
}

locals {
  tiers = {
    public   = { instance_type = "t3.small" }
    internal = { instance_type = "t3.micro" }
  }
}

module "web" {
  source   = "./modules/web"
  for_each = local.tiers

  name          = "web-${each.key}"
  instance_type = each.value.instance_type
  http_tokens   = var.web_http_tokens
}

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "SSH to the bastion host"

  ingress {
    description = "SSH from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "SSH from the admin network"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }
}

resource "aws_instance" "bastion" {
  ami                    = "ami-0c1bea58988a989155"
  instance_type          = "t3.nano"
  vpc_security_group_ids = [aws_security_group.bastion.id]

  root_block_device {
    encrypted = true
  }
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 100
}
