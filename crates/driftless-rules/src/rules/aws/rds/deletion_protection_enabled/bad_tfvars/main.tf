variable "protect" {
  type    = bool
  default = true
}

resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  deletion_protection = var.protect # expect: aws-rds-deletion-protection-enabled
}
