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

# A member of an Aurora cluster: deletion protection is the cluster's.
resource "aws_db_instance" "ledger_member" {
  identifier         = "ledger-1"
  engine             = "aurora-postgresql"
  instance_class     = "db.r6g.large"
  cluster_identifier = aws_rds_cluster.ledger.id
}
