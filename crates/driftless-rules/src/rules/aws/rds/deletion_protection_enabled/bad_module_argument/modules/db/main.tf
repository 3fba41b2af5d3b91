variable "name" {
  type = string
}

variable "protect" {
  type    = bool
  default = true
}

resource "aws_rds_cluster" "this" {
  cluster_identifier  = var.name
  engine              = "aurora-postgresql"
  deletion_protection = var.protect # expect: aws-rds-deletion-protection-enabled
}
