locals {
  domains = {
    logs    = true
    metrics = false
  }
}

resource "aws_opensearch_domain" "tenant" { # expect: aws-opensearch-encryption-at-rest
  count          = 2
  domain_name    = "tenant-${count.index}"
  engine_version = "OpenSearch_2.13"
}

resource "aws_opensearch_domain" "by_name" {
  for_each       = local.domains
  domain_name    = each.key
  engine_version = "OpenSearch_2.13"

  encrypt_at_rest {
    enabled = each.value # expect: aws-opensearch-encryption-at-rest
  }
}
