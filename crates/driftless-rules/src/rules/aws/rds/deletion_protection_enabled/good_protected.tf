resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  deletion_protection = true
}

resource "aws_rds_cluster" "ledger" {
  cluster_identifier  = "ledger"
  engine              = "aurora-postgresql"
  deletion_protection = true
}

# An instance of an Aurora engine: deletion protection is its cluster's.
resource "aws_db_instance" "ledger_member" {
  identifier     = "ledger-1"
  engine         = "aurora-postgresql"
  instance_class = "db.r6g.large"
}
