variable "encrypted" {
  type = bool
}

resource "aws_ssm_parameter" "encrypt" {
  name           = "/platform/redshift/encrypt"
  type           = "String"
  insecure_value = "true"
}

resource "aws_redshift_cluster" "from_variable" {
  cluster_identifier     = "from-variable"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = var.encrypted
}

resource "aws_redshift_cluster" "from_parameter" {
  cluster_identifier     = "from-data"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = aws_ssm_parameter.encrypt.insecure_value
}
