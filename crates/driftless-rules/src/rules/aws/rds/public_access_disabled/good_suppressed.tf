resource "aws_db_instance" "demo" {
  identifier          = "demo"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  publicly_accessible = true # driftless:ignore aws-rds-public-access-disabled reason="public demo dataset"
}

resource "aws_rds_cluster_instance" "checkov_style" {
  # checkov:skip=CKV_AWS_17:reachable by the vendor's SaaS, restricted by security group
  identifier          = "vendor"
  cluster_identifier  = "aurora"
  instance_class      = "db.r6g.large"
  engine              = "aurora-mysql"
  publicly_accessible = true
}
