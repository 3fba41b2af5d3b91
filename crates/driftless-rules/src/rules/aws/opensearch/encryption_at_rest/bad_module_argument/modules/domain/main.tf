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

  encrypt_at_rest {
    enabled = var.encrypt # expect: aws-opensearch-encryption-at-rest
  }
}
