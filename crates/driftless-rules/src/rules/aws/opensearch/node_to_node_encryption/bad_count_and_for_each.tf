locals {
  domains = {
    logs    = true
    metrics = false
  }
}

resource "aws_opensearch_domain" "tenant" { # expect: aws-opensearch-node-to-node-encryption
  count          = 2
  domain_name    = "tenant-${count.index}"
  engine_version = "OpenSearch_2.13"
}

resource "aws_opensearch_domain" "by_name" {
  for_each       = local.domains
  domain_name    = each.key
  engine_version = "OpenSearch_2.13"

  node_to_node_encryption {
    enabled = each.value # expect: aws-opensearch-node-to-node-encryption
  }
}
