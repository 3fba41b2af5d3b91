resource "aws_opensearch_domain" "search" { # expect: aws-opensearch-encryption-at-rest
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"

  cluster_config {
    instance_type  = "r6g.large.search"
    instance_count = 3
  }
}

resource "aws_elasticsearch_domain" "legacy" { # expect: aws-opensearch-encryption-at-rest
  domain_name           = "legacy"
  elasticsearch_version = "7.10"
}

resource "aws_opensearch_domain" "bare" { domain_name = "bare" } # expect: aws-opensearch-encryption-at-rest
