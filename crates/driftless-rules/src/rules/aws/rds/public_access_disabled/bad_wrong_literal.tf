resource "aws_db_instance" "app" {
  identifier          = "app"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  publicly_accessible = true # expect: aws-rds-public-access-disabled
}

resource "aws_rds_cluster_instance" "writer" {
  identifier          = "aurora-writer"
  cluster_identifier  = "aurora"
  instance_class      = "db.r6g.large"
  engine              = "aurora-postgresql"
  publicly_accessible = "true" # expect: aws-rds-public-access-disabled
}
