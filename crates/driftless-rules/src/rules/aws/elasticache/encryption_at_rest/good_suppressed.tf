# Holds rendered public pages only.
# driftless:ignore aws-elasticache-encryption-at-rest reason="public content cache" expires=2099-12-31
resource "aws_elasticache_replication_group" "pages" {
  replication_group_id = "pages"
  description          = "page cache"
  node_type            = "cache.t4g.small"
}

resource "aws_elasticache_replication_group" "probe" {
  replication_group_id       = "probe"
  description                = "health probe"
  node_type                  = "cache.t4g.small"
  at_rest_encryption_enabled = false # driftless:ignore aws-elasticache-encryption-at-rest reason="synthetic data"
}
