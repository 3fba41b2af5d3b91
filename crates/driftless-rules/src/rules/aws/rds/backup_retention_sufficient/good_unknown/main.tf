variable "retention_days" {
  type = number
}

variable "engine" {
  type = string
}

resource "aws_db_instance" "orders" {
  identifier              = "orders"
  engine                  = "postgres"
  instance_class          = "db.t4g.micro"
  backup_retention_period = var.retention_days
}

resource "aws_db_instance" "any" {
  identifier     = "any"
  engine         = var.engine
  instance_class = "db.t4g.micro"
}
