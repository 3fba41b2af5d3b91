variable "public" {
  type = bool
}

resource "aws_ssm_parameter" "public" {
  name           = "/platform/rds/public"
  type           = "String"
  insecure_value = "false"
}

resource "aws_db_instance" "from_variable" {
  identifier          = "from-variable"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  publicly_accessible = var.public
}

resource "aws_rds_cluster_instance" "from_parameter" {
  identifier          = "from-data"
  cluster_identifier  = "aurora"
  instance_class      = "db.r6g.large"
  engine              = "aurora-mysql"
  publicly_accessible = aws_ssm_parameter.public.insecure_value
}
