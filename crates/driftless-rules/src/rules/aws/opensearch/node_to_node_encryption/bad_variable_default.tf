variable "encrypt" {
  type    = bool
  default = false
}

resource "aws_opensearch_domain" "search" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"

  node_to_node_encryption {
    enabled = var.encrypt # expect: aws-opensearch-node-to-node-encryption
  }
}
