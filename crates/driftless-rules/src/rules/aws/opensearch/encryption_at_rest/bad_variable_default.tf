variable "encrypt" {
  type    = bool
  default = false
}

resource "aws_opensearch_domain" "search" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"

  encrypt_at_rest {
    enabled = var.encrypt # expect: aws-opensearch-encryption-at-rest
  }
}
