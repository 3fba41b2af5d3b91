variable "encrypt" {
  type    = bool
  default = true
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "user sessions"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = var.encrypt # expect: aws-elasticache-encryption-in-transit
}
