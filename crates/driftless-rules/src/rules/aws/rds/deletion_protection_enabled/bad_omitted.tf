resource "aws_db_instance" "orders" { # expect: aws-rds-deletion-protection-enabled
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}

resource "aws_rds_cluster" "ledger" { # expect: aws-rds-deletion-protection-enabled
  cluster_identifier = "ledger"
  engine             = "aurora-postgresql"
}

# A replica inherits its engine and still needs its own protection.
resource "aws_db_instance" "orders_replica" { # expect: aws-rds-deletion-protection-enabled
  identifier          = "orders-replica"
  replicate_source_db = aws_db_instance.orders.identifier
  instance_class      = "db.t4g.micro"
}
