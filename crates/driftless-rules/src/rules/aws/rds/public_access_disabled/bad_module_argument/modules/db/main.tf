variable "name" {
  type = string
}

variable "public" {
  type    = bool
  default = false
}

resource "aws_db_instance" "this" {
  identifier          = var.name
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  publicly_accessible = var.public # expect: aws-rds-public-access-disabled
}
