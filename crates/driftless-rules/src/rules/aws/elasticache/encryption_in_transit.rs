//! `aws-elasticache-encryption-in-transit`: ElastiCache replication groups encrypt
//! connections with TLS.

use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::common::{Requirement, is_true, require};
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::Resource;

declare_rule! {
    /// ## What it checks
    /// `aws_elasticache_replication_group` blocks that do not encrypt data in transit:
    /// `transit_encryption_enabled` is absent (in-transit encryption is off unless asked for)
    /// or `false`. A value unknown before apply is not reported.
    ///
    /// ## Why it matters
    /// Without in-transit encryption, clients and nodes talk plain RESP: every key and value
    /// read or written, and the `AUTH` token itself, cross the network in clear text, and
    /// anything on the path can read or alter them. With it, client connections and
    /// replication between nodes use TLS
    /// (<https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html>).
    /// An `AUTH` token (`auth_token`) and Redis OSS 6+ user groups require it.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_elasticache_replication_group" "sessions" {
    ///   replication_group_id = "sessions"
    ///   description          = "user sessions"
    ///   node_type            = "cache.t4g.small"
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_elasticache_replication_group" "sessions" {
    ///   replication_group_id       = "sessions"
    ///   description                = "user sessions"
    ///   node_type                  = "cache.t4g.small"
    ///   transit_encryption_enabled = true
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `transit_encryption_enabled = true` where the value is set (the block, a variable
    /// default, a `.tfvars` entry or the calling module's argument), or inserts it when
    /// absent.
    ///
    /// ## Fix safety
    /// `review`: once the group requires TLS, clients that connect without it fail; update
    /// their connection settings (TLS on, `rediss://` URLs) first. On Redis OSS 7.0.5 or later
    /// (and Valkey) the group changes in place: set `transit_encryption_mode = "preferred"`
    /// while clients move to TLS, then `"required"`
    /// (<https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption-enable.html>).
    /// On earlier versions Terraform replaces the group, losing its cached data.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html>
    /// - <https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption-enable.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-5>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#transit_encryption_enabled>
    /// - Security Hub FSBP `ElastiCache.5`; Checkov `CKV_AWS_30`; Trivy `AVD-AWS-0051`
    ///   (`aws-elasticache-enable-in-transit-encryption`); KICS
    ///   `1afbb3fa-cf6c-4a3d-b730-95e9f4df343e`
    ///   (`elasticache_replication_group_not_encrypted_at_transit`); Prowler
    ///   `elasticache_redis_cluster_in_transit_encryption_enabled`
    /// - Terrascan `AC_AWS_0467` (`AWS.AERG.DP.MEDIUM.0044`)
    pub struct EncryptionInTransit {
        id: "aws-elasticache-encryption-in-transit",
        title: "ElastiCache replication groups encrypt connections with TLS",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_elasticache_replication_group"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html",
            "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption-enable.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-5",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_30"],
            trivy: &["AVD-AWS-0051", "AWS-0051", "aws-elasticache-enable-in-transit-encryption", "AWS036"],
            kics: &["1afbb3fa-cf6c-4a3d-b730-95e9f4df343e"],
            prowler: &["elasticache_redis_cluster_in_transit_encryption_enabled"],
            security_hub: &["ElastiCache.5"],
            terrascan: &["AC_AWS_0467", "AWS.AERG.DP.MEDIUM.0044"],
        },
        check: encryption_in_transit,
    }
}

const NOTE: &str = "Clients that connect without TLS fail once the group requires it: switch them to TLS first. Redis OSS 7.0.5+ and Valkey groups change in place (use `transit_encryption_mode = \"preferred\"` during the move); earlier versions are replaced, losing the cached data.";

/// `aws-elasticache-encryption-in-transit`
fn encryption_in_transit(cx: &mut Checker<'_>, resource: &Resource) {
    require(
        cx,
        resource,
        &resource.block,
        &Requirement {
            attribute: "transit_encryption_enabled",
            accepts: is_true,
            default_ok: false,
            fix_value: "true",
            absent_message: "Replication group accepts unencrypted connections (`transit_encryption_enabled` is not set)",
            wrong_message: "Replication group accepts unencrypted connections (`transit_encryption_enabled = false`)",
            applicability: Applicability::Review,
            title: "Require TLS for connections to the replication group",
            note: NOTE,
            replaces: false,
        },
    );
}
