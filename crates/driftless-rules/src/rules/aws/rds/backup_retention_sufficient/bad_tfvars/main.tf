variable "retention_days" {
  type    = number
  default = 14
}

resource "aws_rds_cluster" "ledger" {
  cluster_identifier      = "ledger"
  engine                  = "aurora-postgresql"
  backup_retention_period = var.retention_days # expect: aws-rds-backup-retention-sufficient
}
