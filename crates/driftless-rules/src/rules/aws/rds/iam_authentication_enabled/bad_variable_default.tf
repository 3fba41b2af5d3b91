variable "iam_auth" {
  type    = bool
  default = false
}

resource "aws_db_instance" "orders" {
  identifier                          = "orders"
  engine                              = "postgres"
  instance_class                      = "db.t4g.micro"
  iam_database_authentication_enabled = var.iam_auth # expect: aws-rds-iam-authentication-enabled
}
