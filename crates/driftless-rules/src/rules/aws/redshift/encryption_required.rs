//! `aws-redshift-encryption-required`: Redshift clusters are encrypted at rest.

use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::common::{Requirement, is_true, require};
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::Resource;

declare_rule! {
    /// ## What it checks
    /// `aws_redshift_cluster` blocks that do not ask for encryption at rest: `encrypted` is
    /// absent (the provider's default is `false`,
    /// <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/redshift_cluster#encrypted>)
    /// or `false`. A value unknown before apply is not reported.
    ///
    /// ## Why it matters
    /// An unencrypted cluster stores its tables, its metadata and its snapshots in clear
    /// text. With encryption, every data block, the system metadata and the snapshots are
    /// encrypted under a key hierarchy rooted in a KMS key
    /// (<https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_redshift_cluster" "warehouse" {
    ///   cluster_identifier     = "warehouse"
    ///   node_type              = "ra3.xlplus"
    ///   master_username        = "admin"
    ///   manage_master_password = true
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_redshift_cluster" "warehouse" {
    ///   cluster_identifier     = "warehouse"
    ///   node_type              = "ra3.xlplus"
    ///   master_username        = "admin"
    ///   manage_master_password = true
    ///   encrypted              = true
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `encrypted = true` where the value is set (the block, a variable default, a
    /// `.tfvars` entry or the calling module's argument), or inserts it when absent. Without
    /// `kms_key_id`, Redshift uses the AWS managed key `aws/redshift`.
    ///
    /// ## Fix safety
    /// `review`: on an existing cluster, the provider modifies the cluster rather than
    /// replacing it, and Redshift migrates the data to an encrypted cluster behind the same
    /// endpoint. During the migration the cluster is read-only, for minutes to hours
    /// depending on the data, and queries running at the switch are dropped
    /// (<https://docs.aws.amazon.com/redshift/latest/mgmt/changing-cluster-encryption.html>).
    /// Schedule it in a maintenance window.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html>
    /// - <https://docs.aws.amazon.com/redshift/latest/mgmt/changing-cluster-encryption.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#redshift-10>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/redshift_cluster#encrypted>
    /// - Security Hub FSBP `Redshift.10`; Checkov `CKV_AWS_64`; KICS
    ///   `cfdcabb0-fc06-427c-865b-c59f13e898ce` (`redshift_not_encrypted`); Prowler
    ///   `redshift_cluster_encrypted_at_rest`. Not cross-referenced: Trivy `AVD-AWS-0084`
    ///   (`aws-redshift-encryption-customer-key`) also fails encrypted clusters without a
    ///   customer managed `kms_key_id`, which this rule accepts.
    /// - Terrascan `AC_AWS_0198` (`AWS.Redshift.EncryptionandKeyManagement.High.0415`)
    pub struct EncryptionRequired {
        id: "aws-redshift-encryption-required",
        title: "Redshift clusters are encrypted at rest",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_redshift_cluster"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html",
            "https://docs.aws.amazon.com/redshift/latest/mgmt/changing-cluster-encryption.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#redshift-10",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_64"],
            trivy: &[],
            kics: &["cfdcabb0-fc06-427c-865b-c59f13e898ce"],
            prowler: &["redshift_cluster_encrypted_at_rest"],
            security_hub: &["Redshift.10"],
            terrascan: &["AC_AWS_0198", "AWS.Redshift.EncryptionandKeyManagement.High.0415"],
        },
        check: encryption_required,
    }
}

const NOTE: &str = "Redshift migrates the data to an encrypted cluster behind the same endpoint; the cluster is read-only during the migration (minutes to hours) and running queries are dropped at the switch. Schedule it in a maintenance window.";

/// `aws-redshift-encryption-required`
fn encryption_required(cx: &mut Checker<'_>, resource: &Resource) {
    require(
        cx,
        resource,
        &resource.block,
        &Requirement {
            attribute: "encrypted",
            accepts: is_true,
            default_ok: false,
            fix_value: "true",
            absent_message: "Redshift cluster is not encrypted at rest (`encrypted` is not set)",
            wrong_message: "Redshift cluster is not encrypted at rest (`encrypted = false`)",
            applicability: Applicability::Review,
            title: "Encrypt the Redshift cluster",
            note: NOTE,
            replaces: false,
        },
    );
}
