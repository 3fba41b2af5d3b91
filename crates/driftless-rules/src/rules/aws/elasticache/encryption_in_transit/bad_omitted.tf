resource "aws_elasticache_replication_group" "sessions" { # expect: aws-elasticache-encryption-in-transit
  replication_group_id = "sessions"
  description          = "user sessions"
  node_type            = "cache.t4g.small"
}

resource "aws_elasticache_replication_group" "queue" { # expect: aws-elasticache-encryption-in-transit
  replication_group_id = "queue"
  description          = "job queue"
  node_type            = "cache.t4g.small"
  engine               = "redis"
  engine_version       = "7.1"
}
