variable "protect" {
  type = bool
}

variable "engine" {
  type = string
}

resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  deletion_protection = var.protect
}

resource "aws_rds_cluster" "ledger" {
  cluster_identifier  = "ledger"
  engine              = "aurora-postgresql"
  deletion_protection = var.protect
}

# The engine is not known: it may be an Aurora member, where the setting does not apply.
resource "aws_db_instance" "any" {
  identifier     = "any"
  engine         = var.engine
  instance_class = "db.t4g.micro"
}
