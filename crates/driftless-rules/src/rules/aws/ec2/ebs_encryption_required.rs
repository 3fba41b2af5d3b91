//! `aws-ebs-encryption-required`: EBS volumes are encrypted at rest.

use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::common::{Requirement, is_true, require};
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::Resource;

declare_rule! {
    /// ## What it checks
    /// `aws_ebs_volume` blocks that do not ask for encryption: `encrypted` is absent (the
    /// provider then creates an unencrypted volume, unless the account turned on EBS encryption
    /// by default in that Region) or `false`. A value that is unknown before apply (a variable
    /// without default, a data source) is not reported.
    ///
    /// ## Why it matters
    /// An unencrypted volume stores its data, and every snapshot taken from it, in clear text.
    /// EBS encryption (AES-256 with a KMS key) also covers the data moving between the volume
    /// and the instance, and every volume later restored from its snapshots. An unencrypted
    /// volume cannot be encrypted in place: the data has to be copied
    /// (<https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_ebs_volume" "data" {
    ///   availability_zone = "eu-west-1a"
    ///   size              = 100
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_ebs_volume" "data" {
    ///   availability_zone = "eu-west-1a"
    ///   size              = 100
    ///   encrypted         = true
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `encrypted = true`, where the value is set (the block, a variable default, a
    /// `.tfvars` entry or the calling module's argument), or inserts it when absent.
    ///
    /// ## Fix safety
    /// `review`: `encrypted` cannot change on an existing volume, so Terraform replaces it: the
    /// old volume is destroyed and a new, empty one created. Copy the data first: snapshot the
    /// volume, copy the snapshot with encryption on, and create the volume from the encrypted
    /// copy (`snapshot_id`), as described in
    /// <https://docs.aws.amazon.com/ebs/latest/userguide/encryption-examples.html>. A volume
    /// that is already encrypted (encryption by default, or restored from an encrypted
    /// snapshot) keeps its state: the plan shows no change for it.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html>
    /// - <https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-3>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ebs_volume#encrypted>
    /// - Security Hub FSBP `EC2.3`; Checkov `CKV_AWS_3`; Trivy `AVD-AWS-0026`
    ///   (`aws-ec2-enable-volume-encryption`); KICS `cc997676-481b-4e93-aa81-d19f8c5e9b12`
    ///   (`ebs_volume_encryption_disabled`); Prowler `ec2_ebs_volume_encryption`
    /// - Terrascan `AC_AWS_0460` also fails an encrypted volume without a customer managed
    ///   `kms_key_id`, so it is not cross-referenced; its `#ts:skip=` silences this rule all
    ///   the same
    pub struct EbsEncryptionRequired {
        id: "aws-ebs-encryption-required",
        title: "EBS volumes are encrypted at rest",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_ebs_volume"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
            "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-examples.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-3",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_3"],
            trivy: &["AVD-AWS-0026", "AWS-0026", "aws-ec2-enable-volume-encryption", "aws-ebs-enable-volume-encryption"],
            kics: &["cc997676-481b-4e93-aa81-d19f8c5e9b12"],
            prowler: &["ec2_ebs_volume_encryption"],
            security_hub: &["EC2.3"],
            terrascan: &[],
        },
        suppressed_by: &["AC_AWS_0460", "AWS.EcsCluster.EncryptionandKeyManagement.High.0413"],
        check: ebs_encryption_required,
    }
}

const NOTE: &str = "Changing `encrypted` replaces the volume with a new, empty one: snapshot it, copy the snapshot with encryption, and create the new volume from that copy (`snapshot_id`) before applying.";

/// `aws-ebs-encryption-required`
fn ebs_encryption_required(cx: &mut Checker<'_>, resource: &Resource) {
    require(
        cx,
        resource,
        &resource.block,
        &Requirement {
            attribute: "encrypted",
            accepts: is_true,
            default_ok: false,
            fix_value: "true",
            absent_message: "EBS volume is not encrypted (`encrypted` is not set, so the volume is unencrypted unless encryption by default is on)",
            wrong_message: "EBS volume is not encrypted (`encrypted = false`)",
            applicability: Applicability::Review,
            title: "Encrypt the EBS volume",
            note: NOTE,
            replaces: true,
        },
    );
}
