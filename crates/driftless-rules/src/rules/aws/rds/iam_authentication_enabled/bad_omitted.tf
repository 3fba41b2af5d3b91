resource "aws_db_instance" "orders" { # expect: aws-rds-iam-authentication-enabled
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}

resource "aws_db_instance" "catalog" { # expect: aws-rds-iam-authentication-enabled
  identifier     = "catalog"
  engine         = "mariadb"
  engine_version = "10.11.8"
  instance_class = "db.t4g.micro"
}

resource "aws_rds_cluster" "ledger" { # expect: aws-rds-iam-authentication-enabled
  cluster_identifier = "ledger"
  engine             = "aurora-mysql"
}

