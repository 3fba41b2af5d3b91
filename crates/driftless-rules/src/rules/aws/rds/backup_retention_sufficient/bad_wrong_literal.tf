resource "aws_db_instance" "orders" {
  identifier              = "orders"
  engine                  = "mysql"
  instance_class          = "db.t4g.micro"
  backup_retention_period = 0 # expect: aws-rds-backup-retention-sufficient
}

resource "aws_db_instance" "catalog" {
  identifier              = "catalog"
  engine                  = "postgres"
  instance_class          = "db.t4g.micro"
  backup_retention_period = "3" # expect: aws-rds-backup-retention-sufficient
}

resource "aws_rds_cluster" "ledger" {
  cluster_identifier      = "ledger"
  engine                  = "aurora-mysql"
  backup_retention_period = 1 # expect: aws-rds-backup-retention-sufficient
}
