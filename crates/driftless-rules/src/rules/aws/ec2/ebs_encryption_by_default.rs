//! `aws-ebs-encryption-by-default`: EBS encryption by default is not switched off.

use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::common::{Requirement, is_true, require};
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::Resource;

declare_rule! {
    /// ## What it checks
    /// `aws_ebs_encryption_by_default` blocks that switch EBS encryption by default off:
    /// `enabled = false`. An absent `enabled` is fine: the resource's default is `true`
    /// (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ebs_encryption_by_default#enabled>).
    /// A value unknown before apply is not reported. An account and Region that no
    /// configuration manages cannot be seen here; Security Hub `EC2.7` checks the live
    /// setting.
    ///
    /// ## Why it matters
    /// With encryption by default, every new EBS volume and snapshot copy of the account in
    /// that Region is encrypted, whoever creates it and however (console, CLI, Auto Scaling,
    /// a third-party tool), even when the request does not ask for encryption
    /// (<https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html>).
    /// Switched off, each volume is only as safe as the template that created it.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_ebs_encryption_by_default" "this" {
    ///   enabled = false
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_ebs_encryption_by_default" "this" {
    ///   enabled = true
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `enabled = true` where the value is set (the block, a variable default, a
    /// `.tfvars` entry or the calling module's argument). Existing volumes and snapshots do
    /// not change.
    ///
    /// ## Fix safety
    /// `review`: new volumes are encrypted with the Region's default key, the AWS managed key
    /// `aws/ebs` unless `aws_ebs_default_kms_key` names another. Snapshots and AMIs encrypted
    /// with `aws/ebs` cannot be shared with other accounts
    /// (<https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html>),
    /// so a pipeline that shares images across accounts needs a customer managed default key
    /// first; and instance types that do not support EBS encryption can no longer be launched
    /// (<https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption-requirements.html>).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html>
    /// - <https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html>
    /// - <https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption-requirements.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-7>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ebs_encryption_by_default#enabled>
    /// - Security Hub FSBP `EC2.7`; Checkov `CKV_AWS_106`; KICS
    ///   `3d3f6270-546b-443c-adb4-bb6fb2187ca6` (`ebs_default_encryption_disabled`); Prowler
    ///   `ec2_ebs_default_encryption`. Trivy has no matching check.
    /// - Terrascan `AC_AWS_0079` (`AWS.EBS.DataSecurity.High.0580`)
    pub struct EbsEncryptionByDefault {
        id: "aws-ebs-encryption-by-default",
        title: "EBS encryption by default is not switched off",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_ebs_encryption_by_default"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
            "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html",
            "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption-requirements.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-7",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_106"],
            trivy: &[],
            kics: &["3d3f6270-546b-443c-adb4-bb6fb2187ca6"],
            prowler: &["ec2_ebs_default_encryption"],
            security_hub: &["EC2.7"],
            terrascan: &["AC_AWS_0079", "AWS.EBS.DataSecurity.High.0580"],
        },
        check: ebs_encryption_by_default,
    }
}

const NOTE: &str = "New volumes are encrypted with the Region's default key (`aws/ebs` unless `aws_ebs_default_kms_key` names another): snapshots and AMIs encrypted with `aws/ebs` cannot be shared with other accounts, and instance types without EBS encryption support no longer launch.";

/// `aws-ebs-encryption-by-default`
fn ebs_encryption_by_default(cx: &mut Checker<'_>, resource: &Resource) {
    require(
        cx,
        resource,
        &resource.block,
        &Requirement {
            attribute: "enabled",
            accepts: is_true,
            default_ok: true,
            fix_value: "true",
            absent_message: "",
            wrong_message: "EBS encryption by default is switched off (`enabled = false`): new volumes are unencrypted unless their request asks for encryption",
            applicability: Applicability::Review,
            title: "Switch EBS encryption by default on",
            note: NOTE,
            replaces: false,
        },
    );
}
