variable "name" {
  type = string
}

variable "encrypt" {
  type    = bool
  default = true
}

resource "aws_opensearch_domain" "this" {
  domain_name    = var.name
  engine_version = "OpenSearch_2.13"

  node_to_node_encryption {
    enabled = var.encrypt # expect: aws-opensearch-node-to-node-encryption
  }
}
