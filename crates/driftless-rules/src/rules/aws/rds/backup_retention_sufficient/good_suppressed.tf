# driftless:ignore aws-rds-backup-retention-sufficient reason="scratch database, rebuilt from fixtures"
resource "aws_db_instance" "scratch" {
  identifier     = "scratch"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}

resource "aws_db_instance" "cache" {
  # checkov:skip=CKV_AWS_133:derived data only
  identifier              = "cache"
  engine                  = "mysql"
  instance_class          = "db.t4g.micro"
  backup_retention_period = 0
}
