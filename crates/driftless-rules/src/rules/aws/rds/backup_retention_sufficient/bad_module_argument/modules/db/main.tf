variable "name" {
  type = string
}

variable "retention_days" {
  type    = number
  default = 7
}

resource "aws_db_instance" "this" {
  identifier              = var.name
  engine                  = "postgres"
  instance_class          = "db.t4g.micro"
  backup_retention_period = var.retention_days # expect: aws-rds-backup-retention-sufficient
}
