# Engines without IAM database authentication are not checked.
resource "aws_db_instance" "erp" {
  identifier     = "erp"
  engine         = "oracle-se2"
  instance_class = "db.m5.large"
}

resource "aws_db_instance" "reports" {
  identifier     = "reports"
  engine         = "sqlserver-ex"
  instance_class = "db.t3.small"
}

# RDS for MariaDB supports it from 10.11 only.
resource "aws_db_instance" "wiki" {
  identifier     = "wiki"
  engine         = "mariadb"
  engine_version = "10.6.14"
  instance_class = "db.t4g.micro"
}

# A member of an Aurora cluster: the setting is the cluster's.
resource "aws_db_instance" "ledger_member" {
  identifier     = "ledger-1"
  engine         = "aurora-mysql"
  instance_class = "db.r6g.large"
}

# A read replica inherits its engine.
resource "aws_db_instance" "replica" {
  identifier          = "orders-replica"
  replicate_source_db = "orders"
  instance_class      = "db.t4g.micro"
}
