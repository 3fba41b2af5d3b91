resource "aws_db_instance" "legacy" {
  # driftless:ignore aws-rds-iam-authentication-enabled reason="vendor application, password only"
  identifier     = "legacy"
  engine         = "mysql"
  instance_class = "db.t4g.micro"
}

resource "aws_rds_cluster" "vendor" {
  # checkov:skip=CKV_AWS_162:vendor tool cannot use tokens
  cluster_identifier = "vendor"
  engine             = "aurora-mysql"
}
