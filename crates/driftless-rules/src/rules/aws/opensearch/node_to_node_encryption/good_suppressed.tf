# A throwaway domain for load tests, rebuilt every run.
# driftless:ignore aws-opensearch-node-to-node-encryption reason="load-test data only" expires=2099-12-31
resource "aws_opensearch_domain" "load_test" {
  domain_name = "load-test"
}

resource "aws_elasticsearch_domain" "checkov_style" {
  # checkov:skip=CKV_AWS_6:legacy domain, retired next quarter
  domain_name           = "legacy"
  elasticsearch_version = "7.10"

  cluster_config {
    instance_count = 2
  }
}

#trivy:ignore:AVD-AWS-0043
resource "aws_opensearch_domain" "trivy_style" {
  domain_name = "scratch"
}
