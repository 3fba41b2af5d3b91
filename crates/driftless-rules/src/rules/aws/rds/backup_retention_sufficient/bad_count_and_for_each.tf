resource "aws_db_instance" "shard" { # expect: aws-rds-backup-retention-sufficient
  count          = 2
  identifier     = "shard-${count.index}"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}

resource "aws_rds_cluster" "tenant" {
  for_each                = { acme = 14, globex = 2 }
  cluster_identifier      = "tenant-${each.key}"
  engine                  = "aurora-postgresql"
  backup_retention_period = each.value # expect: aws-rds-backup-retention-sufficient
}
