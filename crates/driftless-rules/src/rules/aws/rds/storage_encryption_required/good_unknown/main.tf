variable "storage_encrypted" {
  type = bool
}

variable "engine_mode" {
  type = string
}

resource "aws_db_instance" "app" {
  identifier        = "app"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  storage_encrypted = var.storage_encrypted
}

# The default depends on the engine mode, which is unknown here.
resource "aws_rds_cluster" "aurora" {
  cluster_identifier = "aurora"
  engine             = "aurora-mysql"
  engine_mode        = var.engine_mode
}
