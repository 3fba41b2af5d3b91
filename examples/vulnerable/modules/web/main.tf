variable "name" {
  type = string
}

variable "instance_type" {
  type    = string
  default = "t3.micro"
}

variable "http_tokens" {
  description = "required (IMDSv2 only) or optional"
  type        = string
  default     = "required"
}

resource "aws_instance" "this" {
  ami           = "ami-0c1bea58988a989155"
  instance_type = var.instance_type

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = var.http_tokens
  }

  tags = {
    Name = var.name
  }
}
