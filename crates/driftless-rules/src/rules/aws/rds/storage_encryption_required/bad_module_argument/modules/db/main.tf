variable "name" {
  type = string
}

variable "storage_encrypted" {
  type    = bool
  default = true
}

resource "aws_rds_cluster" "this" {
  cluster_identifier = var.name
  engine             = "aurora-postgresql"
  storage_encrypted  = var.storage_encrypted # expect: aws-rds-storage-encryption-required
}
