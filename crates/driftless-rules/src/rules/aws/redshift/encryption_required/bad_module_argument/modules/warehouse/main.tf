variable "name" {
  type = string
}

variable "encrypted" {
  type    = bool
  default = true
}

resource "aws_redshift_cluster" "this" {
  cluster_identifier     = var.name
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = var.encrypted # expect: aws-redshift-encryption-required
}
