locals {
  clusters = {
    finance = true
    sandbox = false
  }
}

resource "aws_redshift_cluster" "replica" { # expect: aws-redshift-encryption-required
  count                  = 2
  cluster_identifier     = "replica-${count.index}"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
}

resource "aws_redshift_cluster" "by_name" {
  for_each               = local.clusters
  cluster_identifier     = each.key
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = each.value # expect: aws-redshift-encryption-required
}
