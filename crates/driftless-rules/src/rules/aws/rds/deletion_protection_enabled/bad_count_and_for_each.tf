resource "aws_db_instance" "shard" { # expect: aws-rds-deletion-protection-enabled
  count          = 2
  identifier     = "shard-${count.index}"
  engine         = "mariadb"
  instance_class = "db.t4g.micro"
}

resource "aws_rds_cluster" "tenant" {
  for_each            = { acme = true, globex = false }
  cluster_identifier  = "tenant-${each.key}"
  engine              = "aurora-postgresql"
  deletion_protection = each.value # expect: aws-rds-deletion-protection-enabled
}
