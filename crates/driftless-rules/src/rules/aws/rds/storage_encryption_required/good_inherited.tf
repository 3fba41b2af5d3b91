# These take their encryption from their source, which the configuration does not show.
resource "aws_db_instance" "replica" {
  identifier          = "app-replica"
  replicate_source_db = aws_db_instance.primary.identifier
  instance_class      = "db.t4g.micro"
}

resource "aws_db_instance" "restored" {
  identifier          = "app-restored"
  snapshot_identifier = "app-encrypted-copy"
  instance_class      = "db.t4g.micro"
}

resource "aws_rds_cluster" "restored" {
  cluster_identifier  = "aurora-restored"
  engine              = "aurora-mysql"
  snapshot_identifier = "aurora-snapshot"
}

resource "aws_rds_cluster" "clone" {
  cluster_identifier = "aurora-clone"
  engine             = "aurora-mysql"

  restore_to_point_in_time {
    source_cluster_identifier  = "aurora"
    restore_type               = "copy-on-write"
    use_latest_restorable_time = true
  }
}

resource "aws_db_instance" "primary" {
  identifier        = "app"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  storage_encrypted = true
}
