variable "encrypt_database" {
  type    = bool
  default = true
}

resource "aws_db_instance" "app" {
  identifier        = "app"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  storage_encrypted = var.encrypt_database # expect: aws-rds-storage-encryption-required
}
