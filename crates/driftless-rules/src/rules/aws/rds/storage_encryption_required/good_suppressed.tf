# driftless:ignore aws-rds-storage-encryption-required reason="migrating to an encrypted copy, ticket DB-42"
resource "aws_db_instance" "legacy" {
  identifier        = "legacy"
  engine            = "mysql"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
}

resource "aws_rds_cluster" "checkov_style" {
  # checkov:skip=CKV_AWS_96:public reference data only
  cluster_identifier = "reference"
  engine             = "aurora-mysql"
}
