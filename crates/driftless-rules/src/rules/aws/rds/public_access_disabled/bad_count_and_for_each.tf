locals {
  readers = {
    internal  = false
    reporting = true
  }
}

resource "aws_rds_cluster_instance" "node" {
  count               = 2
  identifier          = "aurora-${count.index}"
  cluster_identifier  = "aurora"
  instance_class      = "db.r6g.large"
  engine              = "aurora-mysql"
  publicly_accessible = true # expect: aws-rds-public-access-disabled
}

resource "aws_rds_cluster_instance" "reader" {
  for_each            = local.readers
  identifier          = "aurora-${each.key}"
  cluster_identifier  = "aurora"
  instance_class      = "db.r6g.large"
  engine              = "aurora-mysql"
  publicly_accessible = each.value # expect: aws-rds-public-access-disabled
}
