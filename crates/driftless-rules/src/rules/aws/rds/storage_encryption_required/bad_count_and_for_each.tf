locals {
  tenants = {
    acme   = { encrypted = true }
    globex = { encrypted = false }
  }
}

resource "aws_db_instance" "shard" { # expect: aws-rds-storage-encryption-required
  count             = 2
  identifier        = "shard-${count.index}"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
}

resource "aws_rds_cluster" "tenant" {
  for_each           = local.tenants
  cluster_identifier = each.key
  engine             = "aurora-postgresql"
  storage_encrypted  = each.value.encrypted # expect: aws-rds-storage-encryption-required
}
