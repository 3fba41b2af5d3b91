resource "aws_kms_key" "warehouse" {
  description         = "Redshift"
  enable_key_rotation = true
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = true
  kms_key_id             = aws_kms_key.warehouse.arn
}

resource "aws_redshift_cluster" "reporting" {
  cluster_identifier     = "reporting"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = "true"
}

resource "aws_redshift_cluster" "none" {
  count              = 0
  cluster_identifier = "none"
  node_type          = "ra3.xlplus"
}
