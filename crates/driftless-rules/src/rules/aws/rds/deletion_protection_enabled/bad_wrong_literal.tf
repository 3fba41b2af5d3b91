resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "mysql"
  instance_class      = "db.t4g.micro"
  deletion_protection = false # expect: aws-rds-deletion-protection-enabled
}

resource "aws_rds_cluster" "ledger" {
  cluster_identifier  = "ledger"
  engine              = "aurora-mysql"
  deletion_protection = "false" # expect: aws-rds-deletion-protection-enabled
}
