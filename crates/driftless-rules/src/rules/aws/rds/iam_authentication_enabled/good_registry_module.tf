module "db" {
  source = "terraform-aws-modules/rds/aws"

  identifier     = "orders"
  engine         = "mysql"
  instance_class = "db.t4g.micro"

  iam_database_authentication_enabled = true
}

# A read replica: the module passes no engine, so the rule does not apply.
module "replica" {
  source = "terraform-aws-modules/rds/aws"

  identifier          = "orders-replica"
  engine              = "mysql"
  instance_class      = "db.t4g.micro"
  replicate_source_db = "orders"
}
