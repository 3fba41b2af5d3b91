//! `aws-efs-encryption-required`: EFS file systems are encrypted at rest.

use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::common::{Requirement, is_true, require};
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::Resource;

declare_rule! {
    /// ## What it checks
    /// `aws_efs_file_system` blocks that do not ask for encryption at rest: `encrypted` is
    /// absent (the EFS API then creates an unencrypted file system; only the console
    /// encrypts by default) or `false`. A value unknown before apply is not reported.
    ///
    /// ## Why it matters
    /// An unencrypted file system stores its files and metadata in clear text. Encryption at
    /// rest uses a KMS key, transparently to the clients that mount it, and can only be
    /// chosen when the file system is created
    /// (<https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_efs_file_system" "shared" {
    ///   creation_token = "shared"
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_efs_file_system" "shared" {
    ///   creation_token = "shared"
    ///   encrypted      = true
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `encrypted = true` where the value is set (the block, a variable default, a
    /// `.tfvars` entry or the calling module's argument), or inserts it when absent. Without
    /// `kms_key_id`, EFS uses the AWS managed key `aws/elasticfilesystem`.
    ///
    /// ## Fix safety
    /// `review`: an existing file system cannot be encrypted in place, so Terraform replaces
    /// it with a new, empty one (and its mount targets and access points with it), and the
    /// files of the old one are deleted. Copy the data first, for example with AWS DataSync
    /// or by restoring an AWS Backup recovery point into a new encrypted file system
    /// (<https://docs.aws.amazon.com/efs/latest/ug/encryption.html>), and plan the switch of
    /// the clients' mounts.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html>
    /// - <https://docs.aws.amazon.com/efs/latest/ug/encryption.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-1>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/efs_file_system#encrypted>
    /// - Security Hub FSBP `EFS.1`; Checkov `CKV_AWS_42`; Trivy `AVD-AWS-0037`
    ///   (`aws-efs-enable-at-rest-encryption`); KICS `48207659-729f-4b5c-9402-f884257d794f`
    ///   (`efs_not_encrypted`); Prowler `efs_encryption_at_rest_enabled`
    /// - Terrascan `AC_AWS_0097` (`AWS.EFS.EncryptionandKeyManagement.High.0409`)
    pub struct EncryptionRequired {
        id: "aws-efs-encryption-required",
        title: "EFS file systems are encrypted at rest",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_efs_file_system"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html",
            "https://docs.aws.amazon.com/efs/latest/ug/encryption.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-1",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_42"],
            trivy: &["AVD-AWS-0037", "AWS-0037", "aws-efs-enable-at-rest-encryption", "AWS048"],
            kics: &["48207659-729f-4b5c-9402-f884257d794f"],
            prowler: &["efs_encryption_at_rest_enabled"],
            security_hub: &["EFS.1"],
            terrascan: &["AC_AWS_0097", "AWS.EFS.EncryptionandKeyManagement.High.0409"],
        },
        check: encryption_required,
    }
}

const NOTE: &str = "An existing file system cannot be encrypted in place: Terraform replaces it with a new, empty one. Copy the files first (AWS DataSync, or an AWS Backup restore into an encrypted file system) and move the clients' mounts.";

/// `aws-efs-encryption-required`
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
            absent_message: "EFS file system is not encrypted at rest (`encrypted` is not set)",
            wrong_message: "EFS file system is not encrypted at rest (`encrypted = false`)",
            applicability: Applicability::Review,
            title: "Encrypt the EFS file system",
            note: NOTE,
            replaces: false,
        },
    );
}
