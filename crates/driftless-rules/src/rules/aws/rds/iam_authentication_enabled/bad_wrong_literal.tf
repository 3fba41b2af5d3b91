resource "aws_db_instance" "orders" {
  identifier                          = "orders"
  engine                              = "mysql"
  instance_class                      = "db.t4g.micro"
  iam_database_authentication_enabled = false # expect: aws-rds-iam-authentication-enabled
}

resource "aws_rds_cluster" "ledger" {
  cluster_identifier                  = "ledger"
  engine                              = "aurora-postgresql"
  iam_database_authentication_enabled = false # expect: aws-rds-iam-authentication-enabled
}
