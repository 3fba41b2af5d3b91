//! `aws-elasticache-encryption-at-rest`: ElastiCache replication groups encrypt data at rest.

use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::common::{Requirement, is_true, require};
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::Resource;

declare_rule! {
    /// ## What it checks
    /// `aws_elasticache_replication_group` blocks that do not encrypt data at rest:
    /// `at_rest_encryption_enabled` is `false`, or absent while the engine is Redis OSS
    /// (`engine` absent or `"redis"`), whose default is no encryption. A Valkey group
    /// (`engine = "valkey"`) without the attribute is encrypted by default
    /// (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#at_rest_encryption_enabled>)
    /// and is not reported. Values unknown before apply, of the attribute or of `engine`
    /// when the attribute is absent, are not reported.
    ///
    /// ## Why it matters
    /// At-rest encryption covers the data the nodes write to disk: swap, the backups they
    /// take and the snapshots kept in Amazon S3
    /// (<https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html>).
    /// Without it, a cache of sessions, tokens or personal data is stored in clear text
    /// wherever it is persisted.
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
    ///   at_rest_encryption_enabled = true
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `at_rest_encryption_enabled = true` where the value is set (the block, a variable
    /// default, a `.tfvars` entry or the calling module's argument), or inserts it when
    /// absent. Without `kms_key_id`, ElastiCache uses a key it manages.
    ///
    /// ## Fix safety
    /// `review`: at-rest encryption can only be chosen when a replication group is created,
    /// so Terraform replaces the group: the cached data is lost and the endpoint is down
    /// until the new group is available. To keep the data, take a backup and create the new
    /// group from it (`snapshot_name`), as described in
    /// <https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html>.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-4>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#at_rest_encryption_enabled>
    /// - Security Hub FSBP `ElastiCache.4`; Prowler
    ///   `elasticache_redis_cluster_rest_encryption_enabled`. Not cross-referenced: Checkov
    ///   `CKV_AWS_29` and Trivy `AVD-AWS-0045` (`aws-elasticache-enable-at-rest-encryption`)
    ///   also fail a Valkey group without the attribute, which is encrypted by default, so
    ///   this rule does not find every group they fail. Their suppressions
    ///   (`checkov:skip=CKV_AWS_29`, `trivy:ignore:AVD-AWS-0045`) silence this rule all the
    ///   same: they are the author's decision about the same setting.
    /// - Terrascan `AC_AWS_0466` also fails a group without the attribute, Valkey groups
    ///   included, so it is not cross-referenced; its `#ts:skip=` silences this rule all the
    ///   same
    pub struct EncryptionAtRest {
        id: "aws-elasticache-encryption-at-rest",
        title: "ElastiCache replication groups encrypt data at rest",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_elasticache_replication_group"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-4",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#at_rest_encryption_enabled",
        ],
        cross_refs: CrossRefs {
            checkov: &[],
            trivy: &[],
            kics: &[],
            prowler: &["elasticache_redis_cluster_rest_encryption_enabled"],
            security_hub: &["ElastiCache.4"],
            terrascan: &[],
        },
        suppressed_by: &["CKV_AWS_29", "AVD-AWS-0045", "AWS-0045", "aws-elasticache-enable-at-rest-encryption", "AWS035", "AC_AWS_0466", "AWS.AERG.DP.MEDIUM.0027"],
        check: encryption_at_rest,
    }
}

const NOTE: &str = "At-rest encryption is chosen at creation: Terraform replaces the replication group, losing the cached data. Take a backup first and create the new group from it (`snapshot_name`) to keep the data.";

/// `aws-elasticache-encryption-at-rest`
fn encryption_at_rest(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    if block
        .attribute("at_rest_encryption_enabled")
        .is_none_or(|a| a.value.is_null())
    {
        // The default depends on the engine: encrypted for Valkey, not for Redis OSS.
        match block.value("engine") {
            None => {}
            Some(engine) if engine.is_null() => {}
            Some(engine) => match engine.as_str() {
                Some(name) if name.eq_ignore_ascii_case("redis") => {}
                _ => return,
            },
        }
    }
    require(
        cx,
        resource,
        block,
        &Requirement {
            attribute: "at_rest_encryption_enabled",
            accepts: is_true,
            default_ok: false,
            fix_value: "true",
            absent_message: "Replication group data is not encrypted at rest (`at_rest_encryption_enabled` is not set, and Redis OSS does not encrypt by default)",
            wrong_message: "Replication group data is not encrypted at rest (`at_rest_encryption_enabled = false`)",
            applicability: Applicability::Review,
            title: "Encrypt the replication group's data at rest",
            note: NOTE,
            replaces: false,
        },
    );
}
