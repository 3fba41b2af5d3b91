# Loaded with the public TPC-DS sample only.
# driftless:ignore aws-redshift-encryption-required reason="public benchmark data" expires=2099-12-31
resource "aws_redshift_cluster" "benchmark" {
  cluster_identifier     = "benchmark"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
}

resource "aws_redshift_cluster" "checkov_style" {
  # checkov:skip=CKV_AWS_64:encryption migration scheduled
  cluster_identifier     = "legacy"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = false
}
