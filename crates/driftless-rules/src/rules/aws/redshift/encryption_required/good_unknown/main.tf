variable "encrypted" {
  type = bool
}

data "aws_ssm_parameter" "encrypt" {
  name = "/platform/redshift/encrypt"
}

resource "aws_redshift_cluster" "from_variable" {
  cluster_identifier     = "from-variable"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = var.encrypted
}

resource "aws_redshift_cluster" "from_data" {
  cluster_identifier     = "from-data"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = data.aws_ssm_parameter.encrypt.value
}
