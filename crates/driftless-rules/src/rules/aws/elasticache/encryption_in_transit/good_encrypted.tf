resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "user sessions"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = true
  auth_token                 = "correct-horse-battery-staple"
}

resource "aws_elasticache_replication_group" "queue" {
  replication_group_id       = "queue"
  description                = "job queue"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = "true"
}

resource "aws_elasticache_replication_group" "none" {
  count                = 0
  replication_group_id = "none"
  description          = "none"
}
