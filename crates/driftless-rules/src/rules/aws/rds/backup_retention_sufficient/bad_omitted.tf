resource "aws_db_instance" "orders" { # expect: aws-rds-backup-retention-sufficient
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}

resource "aws_rds_cluster" "ledger" { # expect: aws-rds-backup-retention-sufficient
  cluster_identifier = "ledger"
  engine             = "aurora-postgresql"
}
