variable "iam_auth" {
  type = bool
}

variable "engine" {
  type = string
}

resource "aws_db_instance" "orders" {
  identifier                          = "orders"
  engine                              = "postgres"
  instance_class                      = "db.t4g.micro"
  iam_database_authentication_enabled = var.iam_auth
}

resource "aws_db_instance" "any" {
  identifier     = "any"
  engine         = var.engine
  instance_class = "db.t4g.micro"
}

resource "aws_rds_cluster" "ledger" {
  cluster_identifier                  = "ledger"
  engine                              = "aurora-postgresql"
  iam_database_authentication_enabled = var.iam_auth
}
