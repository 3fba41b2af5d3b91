variable "encrypted" {
  type    = bool
  default = true
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = var.encrypted # expect: aws-redshift-encryption-required
}
