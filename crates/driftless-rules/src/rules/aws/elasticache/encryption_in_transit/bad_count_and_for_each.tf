locals {
  caches = {
    sessions = true
    scratch  = false
  }
}

resource "aws_elasticache_replication_group" "shard" { # expect: aws-elasticache-encryption-in-transit
  count                = 2
  replication_group_id = "shard-${count.index}"
  description          = "shard"
  node_type            = "cache.t4g.small"
}

resource "aws_elasticache_replication_group" "by_name" {
  for_each                   = local.caches
  replication_group_id       = each.key
  description                = each.key
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = each.value # expect: aws-elasticache-encryption-in-transit
}
