variable "public" {
  type    = bool
  default = true
}

resource "aws_db_instance" "app" {
  identifier          = "app"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  publicly_accessible = var.public # expect: aws-rds-public-access-disabled
}
