# Absent: the provider sends false.
resource "aws_db_instance" "default" {
  identifier        = "default"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
}

resource "aws_db_instance" "explicit" {
  identifier          = "explicit"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  publicly_accessible = false
}

resource "aws_rds_cluster_instance" "writer" {
  identifier          = "aurora-writer"
  cluster_identifier  = "aurora"
  instance_class      = "db.r6g.large"
  engine              = "aurora-mysql"
  publicly_accessible = null
}
