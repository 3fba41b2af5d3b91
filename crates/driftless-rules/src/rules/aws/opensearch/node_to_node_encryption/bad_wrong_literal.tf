resource "aws_opensearch_domain" "search" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"

  node_to_node_encryption {
    enabled = false # expect: aws-opensearch-node-to-node-encryption
  }
}

resource "aws_elasticsearch_domain" "legacy" {
  domain_name           = "legacy"
  elasticsearch_version = "7.10"

  node_to_node_encryption {
    enabled = "false" # expect: aws-opensearch-node-to-node-encryption
  }
}
