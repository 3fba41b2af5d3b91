resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = false # expect: aws-redshift-encryption-required
}

resource "aws_redshift_cluster" "reporting" {
  cluster_identifier     = "reporting"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = "false" # expect: aws-redshift-encryption-required
}
