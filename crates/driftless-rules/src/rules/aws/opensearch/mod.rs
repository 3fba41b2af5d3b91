//! OpenSearch Service rules: domains, with the legacy `aws_elasticsearch_domain` resource.

pub mod encryption_at_rest;
pub mod node_to_node_encryption;
