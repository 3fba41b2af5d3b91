//! `aws-cloudtrail-kms-encryption`: CloudTrail trails encrypt their log files with a KMS key.

use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, IssueKind, ResourceMode, Severity};
use driftless_hcl::Resource;
use driftless_hcl::edit::set_attribute;
use std::collections::BTreeMap;

declare_rule! {
    /// ## What it checks
    /// `aws_cloudtrail` blocks without `kms_key_id`, or with an empty or `null` one: the trail's
    /// log files are then encrypted with SSE-S3 only, with keys S3 manages
    /// (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail#kms_key_id>).
    /// Any other value (a key ARN, an alias ARN, a reference) passes; a value unknown before
    /// apply is not reported.
    ///
    /// ## Why it matters
    /// With SSE-KMS, reading a log file needs both `s3:GetObject` on the bucket and
    /// `kms:Decrypt` on the key, so a bucket policy or an ACL that leaks the objects does not
    /// leak what they say, and every decryption is itself logged. Who may read the audit trail
    /// is then decided in the key policy, separately from who administers the bucket
    /// (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name           = "main"
    ///   s3_bucket_name = "audit-logs"
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name           = "main"
    ///   s3_bucket_name = "audit-logs"
    ///   kms_key_id     = aws_kms_key.trail.arn
    /// }
    /// ```
    ///
    /// ## Fix
    /// Shows the `kms_key_id` to add: `aws_kms_key.<name>.arn` when the trail's module declares
    /// exactly one `aws_kms_key` (without `count` or `for_each`), else a placeholder ARN to
    /// replace. The fix is `manual`: it is
    /// shown, never applied.
    ///
    /// ## Fix safety
    /// `manual`: which key to use is a human decision, and the key policy must first allow
    /// CloudTrail to use it (`kms:GenerateDataKey*` for `cloudtrail.amazonaws.com`, with the
    /// trail's ARN as encryption context) and allow the log readers `kms:Decrypt`. With a key
    /// whose policy does not, CloudTrail stops delivering log files, and readers without
    /// `kms:Decrypt` can no longer read them
    /// (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html>).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html>
    /// - <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail#kms_key_id>
    /// - Security Hub FSBP `CloudTrail.2`; Checkov `CKV_AWS_35`; Trivy `AVD-AWS-0015`
    ///   (`aws-cloudtrail-encryption-customer-managed-key`); Prowler
    ///   `cloudtrail_kms_encryption_enabled`
    /// - Terrascan `AC_AWS_0033` (`AWS.CloudTrail.Logging.High.0399`)
    pub struct KmsEncryption {
        id: "aws-cloudtrail-kms-encryption",
        title: "CloudTrail trails encrypt their log files with a KMS key",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_cloudtrail"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail#kms_key_id",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_35"],
            trivy: &["AVD-AWS-0015", "AWS-0015", "aws-cloudtrail-encryption-customer-managed-key", "aws-cloudtrail-enable-at-rest-encryption", "AWS065"],
            kics: &[],
            prowler: &["cloudtrail_kms_encryption_enabled"],
            security_hub: &["CloudTrail.2"],
            terrascan: &["AC_AWS_0033", "AWS.CloudTrail.Logging.High.0399"],
        },
        check: kms_encryption,
    }
}

const ATTRIBUTE: &str = "kms_key_id";

/// The value shown when no key of the module can be proposed.
const PLACEHOLDER: &str = "\"arn:aws:kms:REGION:ACCOUNT-ID:key/KEY-ID\"";

const NOTE: &str = "Before applying, make sure the key policy allows CloudTrail `kms:GenerateDataKey*` for this trail and allows the log readers `kms:Decrypt`: otherwise CloudTrail stops delivering log files.";

/// The `kms_key_id` the fix shows: the module's only KMS key is the likely choice; with none
/// or several, a placeholder.
fn proposed_key(cx: &Checker<'_>, resource: &Resource) -> String {
    let evaluation = cx.evaluation;
    let keys: BTreeMap<&str, bool> = evaluation
        .siblings(resource, "aws_kms_key")
        .filter(|k| k.address.mode == ResourceMode::Managed)
        .map(|k| {
            let repeated =
                k.block.attribute("count").is_some() || k.block.attribute("for_each").is_some();
            (k.address.name.as_str(), repeated)
        })
        .collect();
    match keys.into_iter().collect::<Vec<_>>().as_slice() {
        [(only, false)] => format!("aws_kms_key.{only}.arn"),
        _ => PLACEHOLDER.to_owned(),
    }
}

/// `aws-cloudtrail-kms-encryption`
fn kms_encryption(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    let value = proposed_key(cx, resource);
    let finding = match block.attribute(ATTRIBUTE) {
        None => cx.report(
            resource,
            IssueKind::MissingAttribute,
            &block.header,
            "Trail log files are not encrypted with a KMS key (no `kms_key_id`)",
        ),
        Some(attr) => {
            let empty = attr.value.is_null() || attr.value.as_str().is_some_and(|s| s.is_empty());
            if !empty {
                return;
            }
            cx.report(
                resource,
                IssueKind::IncorrectValue,
                &attr.value_location,
                format!(
                    "Trail log files are not encrypted with a KMS key (`kms_key_id = {}`)",
                    attr.value.to_hcl()
                ),
            )
        }
    };
    attach_fix(
        finding,
        set_attribute(block, ATTRIBUTE, &value),
        &format!("Set `{ATTRIBUTE}` to the ARN of a KMS key whose policy allows CloudTrail."),
        |fix| {
            fix.with_applicability(Applicability::Manual)
                .with_title("Encrypt the log files with a KMS key")
                .with_note(NOTE)
        },
    );
}
