variable "name" {
  type = string
}

variable "encrypt" {
  type    = bool
  default = true
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id       = var.name
  description                = var.name
  node_type                  = "cache.t4g.small"
  at_rest_encryption_enabled = var.encrypt # expect: aws-elasticache-encryption-at-rest
}
