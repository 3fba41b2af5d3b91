resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "user sessions"
  node_type                  = "cache.t4g.small"
  at_rest_encryption_enabled = false # expect: aws-elasticache-encryption-at-rest
}

resource "aws_elasticache_replication_group" "valkey" {
  replication_group_id       = "valkey"
  description                = "explicitly off"
  node_type                  = "cache.t4g.small"
  engine                     = "valkey"
  at_rest_encryption_enabled = "false" # expect: aws-elasticache-encryption-at-rest
}

resource "aws_elasticache_replication_group" "nulled" {
  replication_group_id       = "nulled"
  description                = "set to null"
  node_type                  = "cache.t4g.small"
  at_rest_encryption_enabled = null # expect: aws-elasticache-encryption-at-rest
}
