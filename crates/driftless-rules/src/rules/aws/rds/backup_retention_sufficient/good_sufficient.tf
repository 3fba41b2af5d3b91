resource "aws_db_instance" "orders" {
  identifier              = "orders"
  engine                  = "postgres"
  instance_class          = "db.t4g.micro"
  backup_retention_period = 7
}

resource "aws_rds_cluster" "ledger" {
  cluster_identifier      = "ledger"
  engine                  = "aurora-postgresql"
  backup_retention_period = 35
}
