# A read replica: the source's backups hold its data.
resource "aws_db_instance" "orders_replica" {
  identifier              = "orders-replica"
  replicate_source_db     = "orders"
  instance_class          = "db.t4g.micro"
  backup_retention_period = 0
}

# A member of an Aurora cluster: backups are the cluster's.
resource "aws_db_instance" "ledger_member" {
  identifier     = "ledger-1"
  engine         = "aurora-postgresql"
  instance_class = "db.r6g.large"
}

# Restored from a snapshot: inherits the snapshot's retention period.
resource "aws_db_instance" "restored" {
  identifier          = "restored"
  instance_class      = "db.t4g.micro"
  snapshot_identifier = "orders-final"
}
