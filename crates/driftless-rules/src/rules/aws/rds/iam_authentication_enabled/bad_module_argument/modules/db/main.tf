variable "name" {
  type = string
}

variable "iam_auth" {
  type    = bool
  default = true
}

resource "aws_rds_cluster" "this" {
  cluster_identifier                  = var.name
  engine                              = "aurora-postgresql"
  iam_database_authentication_enabled = var.iam_auth # expect: aws-rds-iam-authentication-enabled
}
