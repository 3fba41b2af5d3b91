# Holds rendered public pages only.
# driftless:ignore aws-elasticache-encryption-in-transit reason="public content cache" expires=2099-12-31
resource "aws_elasticache_replication_group" "pages" {
  replication_group_id = "pages"
  description          = "page cache"
  node_type            = "cache.t4g.small"
}

resource "aws_elasticache_replication_group" "checkov_style" {
  # checkov:skip=CKV_AWS_30:clients cannot do TLS yet
  replication_group_id = "legacy"
  description          = "legacy clients"
  node_type            = "cache.t4g.small"
}

#trivy:ignore:AVD-AWS-0051
resource "aws_elasticache_replication_group" "trivy_style" {
  replication_group_id = "scratch"
  description          = "scratch"
  node_type            = "cache.t4g.small"
}
