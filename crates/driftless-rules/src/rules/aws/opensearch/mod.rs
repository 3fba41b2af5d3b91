//! OpenSearch Service rules: domains, with the legacy `aws_elasticsearch_domain` resource.

pub mod encryption_at_rest;
pub mod node_to_node_encryption;

use driftless_hcl::BlockView;

/// Whether turning encryption on (at rest, or node to node) replaces the domain: the AWS
/// provider (5.100.0) changes it in place only from OpenSearch, or Elasticsearch 6.7 and later
/// (`engine_version`, or `elasticsearch_version` on `aws_elasticsearch_domain`), and forces a
/// replacement otherwise, which Terraform's plan shows (`encrypt_at_rest[0].enabled forces
/// replacement`). A version the code does not set, or does not give as a literal, is the
/// state's, so the fix declares the replacement it may cause.
#[must_use]
pub fn replaced_unless_in_place_version(domain: &BlockView) -> bool {
    let version = domain
        .value("engine_version")
        .or_else(|| domain.value("elasticsearch_version"))
        .and_then(|v| v.as_str().map(std::borrow::Cow::into_owned));
    let Some(version) = version else {
        return true;
    };
    if version.starts_with("OpenSearch_") {
        return false;
    }
    let number = version.strip_prefix("Elasticsearch_").unwrap_or(&version);
    let mut parts = number.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (major, minor) < (6, 7)
}
