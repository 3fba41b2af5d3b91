//! `aws-rds-storage-encryption-required`: RDS DB instances and clusters encrypt their storage.

use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::common::{Requirement, is_true, require};
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::{BlockView, Resource};

declare_rule! {
    /// ## What it checks
    /// `aws_db_instance` and `aws_rds_cluster` blocks whose storage is not encrypted:
    /// `storage_encrypted` is absent or `false`.
    ///
    /// When `storage_encrypted` is absent:
    /// - for `aws_db_instance` the default is unencrypted ("By default, it isn't encrypted",
    ///   <https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html>);
    /// - for `aws_rds_cluster` the default is `false` for the `provisioned` engine mode
    ///   (Aurora provisioned and Serverless v2, Multi-AZ DB clusters) and `true` for `serverless`
    ///   (Aurora Serverless v1, always encrypted), so a cluster with
    ///   `engine_mode = "serverless"`, or an engine mode unknown before apply, is not reported
    ///   (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#storage_encrypted>);
    /// - a DB instance that is a read replica (`replicate_source_db`) or restored from a
    ///   snapshot (`snapshot_identifier`), and a cluster restored from a snapshot, cloned
    ///   (`restore_to_point_in_time`) or replicating another (`replication_source_identifier`),
    ///   takes the encryption of its source, which the configuration does not show: it is not
    ///   reported. The source instance or cluster carries the finding when it is in the scan.
    ///
    /// A `kms_key_id` alone does not encrypt: the provider requires `storage_encrypted = true`
    /// with it (`kms_key_id`: "When specifying `kms_key_id`, `storage_encrypted` needs to be set
    /// to true"), so a block with `kms_key_id` and no `storage_encrypted` is reported.
    ///
    /// ## Why it matters
    /// RDS encryption at rest covers the DB storage, its automated backups, read replicas and
    /// snapshots. It can only be chosen when the instance or cluster is created: an unencrypted
    /// database stays unencrypted, and every snapshot of it too
    /// (<https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html>,
    /// <https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_db_instance" "app" {
    ///   engine            = "postgres"
    ///   instance_class    = "db.t4g.micro"
    ///   allocated_storage = 20
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_db_instance" "app" {
    ///   engine            = "postgres"
    ///   instance_class    = "db.t4g.micro"
    ///   allocated_storage = 20
    ///   storage_encrypted = true
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `storage_encrypted = true` where the value is set, or inserts it when absent.
    ///
    /// ## Fix safety
    /// `review`: `storage_encrypted` cannot change on an existing database, so Terraform
    /// replaces it with a new, empty one. Migrate instead: take a snapshot, copy it with
    /// encryption on, restore the encrypted copy (`snapshot_identifier`), switch the clients
    /// over, then apply the change (the encrypted restore already satisfies it).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html>
    /// - <https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html>
    /// - <https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-3>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-27>
    /// - Security Hub FSBP `RDS.3` (instances), `RDS.27` (clusters); Checkov `CKV_AWS_16`
    ///   (instances), `CKV_AWS_96` (clusters); Trivy `AVD-AWS-0080`
    ///   (`aws-rds-encrypt-instance-storage-data`); KICS `08bd0760-8752-44e1-9779-7bb369b2b4e4`
    ///   (`db_instance_storage_not_encrypted`), `3199c26c-7871-4cb3-99c2-10a59244ce7f`
    ///   (`rds_storage_not_encrypted`), `1a690d1d-0ae7-49fa-b2db-b75ae0dd1d3e`
    ///   (`aurora_with_disabled_at_rest_encryption`); Prowler `rds_instance_storage_encrypted`,
    ///   `rds_cluster_storage_encrypted`
    /// - Not cross-referenced: Trivy `AVD-AWS-0079` (`aws-rds-encrypt-cluster-storage-data`)
    ///   also fails every encrypted cluster without a customer managed `kms_key_id`, a
    ///   different requirement this rule must not report (mapping those findings here would
    ///   propose the wrong fix); Trivy also fails Serverless v1 clusters, which are always
    ///   encrypted. KICS `656880aa-1388-488f-a6d4-8f73c23149b2` reports the cluster's
    ///   `aws_db_cluster_snapshot`, another resource.
    /// - Differences kept on purpose: Checkov and Trivy also fail read replicas and snapshot
    ///   restores without `storage_encrypted` (see above), and KICS
    ///   `08bd0760-8752-44e1-9779-7bb369b2b4e4` accepts a `kms_key_id` without
    ///   `storage_encrypted`.
    /// - Terrascan `AC_AWS_0058` (`AWS.RDS.DataSecurity.High.0414`), `AC_AWS_0186`
    ///   (`AWS.RDS.EncryptionandKeyManagement.High.0414`)
    pub struct StorageEncryptionRequired {
        id: "aws-rds-storage-encryption-required",
        title: "RDS DB instances and clusters encrypt their storage",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_db_instance", "aws_rds_cluster"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-3",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-27",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_16", "CKV_AWS_96"],
            trivy: &["AVD-AWS-0080", "AWS-0080", "aws-rds-encrypt-instance-storage-data", "AWS052"],
            kics: &[
                "08bd0760-8752-44e1-9779-7bb369b2b4e4",
                "3199c26c-7871-4cb3-99c2-10a59244ce7f",
                "1a690d1d-0ae7-49fa-b2db-b75ae0dd1d3e",
            ],
            prowler: &["rds_instance_storage_encrypted", "rds_cluster_storage_encrypted"],
            security_hub: &["RDS.3", "RDS.27"],
            terrascan: &["AC_AWS_0058", "AWS.RDS.DataSecurity.High.0414", "AC_AWS_0186", "AWS.RDS.EncryptionandKeyManagement.High.0414"],
        },
        check: storage_encryption_required,
    }
}

const NOTE: &str = "Changing `storage_encrypted` replaces the database with a new, empty one: snapshot it, copy the snapshot with encryption, restore the encrypted copy (`snapshot_identifier`) and move the clients before applying.";

/// Whether any of `attributes` is set to something other than `null` (known or not), or any
/// of `blocks` is present: the resource copies its data, and its encryption, from a source.
fn has_source(block: &BlockView, attributes: &[&str], blocks: &[&str]) -> bool {
    attributes
        .iter()
        .any(|a| block.value(a).is_some_and(|v| !v.is_null()))
        || blocks.iter().any(|b| block.block(b).is_some())
}

/// Whether an `aws_rds_cluster` without `storage_encrypted` may be encrypted by default: its
/// `engine_mode` is `serverless` or unknown.
fn cluster_default_encrypted(block: &BlockView) -> bool {
    match block.value("engine_mode") {
        None => false,
        Some(v) if v.is_null() => false,
        Some(v) => v.as_str().is_none_or(|mode| mode == "serverless"),
    }
}

/// `aws-rds-storage-encryption-required`
fn storage_encryption_required(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    let (what, default_ok) = if resource.resource_type() == "aws_rds_cluster" {
        (
            "DB cluster",
            cluster_default_encrypted(block)
                || has_source(
                    block,
                    &["snapshot_identifier", "replication_source_identifier"],
                    &["restore_to_point_in_time"],
                ),
        )
    } else {
        (
            "DB instance",
            has_source(block, &["replicate_source_db", "snapshot_identifier"], &[]),
        )
    };
    let absent_message =
        format!("{what} storage is not encrypted (`storage_encrypted` defaults to false)");
    let wrong_message = format!("{what} storage is not encrypted (`storage_encrypted = false`)");
    require(
        cx,
        resource,
        block,
        &Requirement {
            attribute: "storage_encrypted",
            accepts: is_true,
            default_ok,
            fix_value: "true",
            absent_message: &absent_message,
            wrong_message: &wrong_message,
            applicability: Applicability::Review,
            title: "Encrypt the database storage",
            note: NOTE,
            replaces: true,
        },
    );
}
