variable "public" {
  type = bool
}

data "aws_ssm_parameter" "public" {
  name = "/platform/rds/public"
}

resource "aws_db_instance" "from_variable" {
  identifier          = "from-variable"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  publicly_accessible = var.public
}

resource "aws_rds_cluster_instance" "from_data" {
  identifier          = "from-data"
  cluster_identifier  = "aurora"
  instance_class      = "db.r6g.large"
  engine              = "aurora-mysql"
  publicly_accessible = data.aws_ssm_parameter.public.value
}
