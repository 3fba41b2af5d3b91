module "db" { # expect: aws-rds-iam-authentication-enabled
  source  = "terraform-aws-modules/rds/aws"
  version = "~> 6.0"

  identifier        = "orders"
  engine            = "mysql"
  engine_version    = "8.0"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
}

module "replica" {
  source = "terraform-aws-modules/rds/aws"

  identifier     = "reports"
  engine         = "postgres"
  instance_class = "db.t4g.micro"

  iam_database_authentication_enabled = false # expect: aws-rds-iam-authentication-enabled
}
