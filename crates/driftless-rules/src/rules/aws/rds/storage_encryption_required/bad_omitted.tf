resource "aws_db_instance" "app" { # expect: aws-rds-storage-encryption-required
  identifier        = "app"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
}

# A key alone does not encrypt: the provider wants storage_encrypted = true with it.
resource "aws_db_instance" "keyed" { # expect: aws-rds-storage-encryption-required
  identifier        = "keyed"
  engine            = "mysql"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_rds_cluster" "aurora" { # expect: aws-rds-storage-encryption-required
  cluster_identifier = "aurora"
  engine             = "aurora-postgresql"
}

resource "aws_rds_cluster" "serverless_v2" { # expect: aws-rds-storage-encryption-required
  cluster_identifier = "serverless-v2"
  engine             = "aurora-mysql"
  engine_mode        = "provisioned"

  serverlessv2_scaling_configuration {
    min_capacity = 0.5
    max_capacity = 4
  }
}
