resource "aws_db_instance" "app" {
  identifier        = "app"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  storage_encrypted = false # expect: aws-rds-storage-encryption-required
}

resource "aws_rds_cluster" "aurora" {
  cluster_identifier = "aurora"
  engine             = "aurora-mysql"
  storage_encrypted  = false # expect: aws-rds-storage-encryption-required
}

# A replica takes its source's encryption, but an explicit false is still reported.
resource "aws_db_instance" "replica" {
  identifier          = "replica"
  replicate_source_db = "app"
  instance_class      = "db.t4g.micro"
  storage_encrypted   = false # expect: aws-rds-storage-encryption-required
}
