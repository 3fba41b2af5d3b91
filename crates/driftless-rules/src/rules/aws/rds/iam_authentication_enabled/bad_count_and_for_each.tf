resource "aws_db_instance" "shard" { # expect: aws-rds-iam-authentication-enabled
  count          = 2
  identifier     = "shard-${count.index}"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}

resource "aws_rds_cluster" "tenant" {
  for_each                            = { acme = true, globex = false }
  cluster_identifier                  = "tenant-${each.key}"
  engine                              = "aurora-postgresql"
  iam_database_authentication_enabled = each.value # expect: aws-rds-iam-authentication-enabled
}
