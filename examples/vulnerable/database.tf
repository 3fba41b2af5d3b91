resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  username            = "orders"
  password            = var.db_password
  publicly_accessible = true
  skip_final_snapshot = true
}

variable "db_password" {
  type      = string
  sensitive = true
}

# The analytics replica is read by a BI vendor over the internet until the VPN lands.
# driftless:ignore aws-rds-public-access-disabled reason="BI vendor access until the VPN (SEC-1432)" expires=2099-01-31
resource "aws_db_instance" "analytics" {
  identifier          = "analytics"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  username            = "analytics"
  password            = var.db_password
  publicly_accessible = true
  storage_encrypted   = true
  skip_final_snapshot = true
}
