# driftless:ignore aws-rds-deletion-protection-enabled reason="preview environment, destroyed nightly"
resource "aws_db_instance" "preview" {
  identifier     = "preview"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}

resource "aws_rds_cluster" "scratch" {
  # checkov:skip=CKV_AWS_139:scratch cluster for load tests
  cluster_identifier = "scratch"
  engine             = "aurora-mysql"
}
