//! `aws-cloudtrail-log-validation-required`: CloudTrail trails sign their log files.

use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::common::{Requirement, is_true, require};
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::Resource;

declare_rule! {
    /// ## What it checks
    /// `aws_cloudtrail` blocks without log file integrity validation:
    /// `enable_log_file_validation` is absent (the provider default is `false`) or `false`. A
    /// value that is unknown before apply is not reported.
    ///
    /// ## Why it matters
    /// With validation on, CloudTrail hashes every log file it delivers and, every hour,
    /// delivers a digest file that lists those hashes, signed with a key CloudTrail holds. The
    /// digests prove that a log file was not modified or deleted after delivery, or that no
    /// file was delivered at all for a period: without them, someone who can write to the log
    /// bucket can alter the audit trail without trace
    /// (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html>).
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
    ///   name                       = "main"
    ///   s3_bucket_name             = "audit-logs"
    ///   enable_log_file_validation = true
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `enable_log_file_validation = true` where the value is set, or inserts it when
    /// absent. The fix is `safe`: the trail is updated in place and keeps logging; CloudTrail
    /// starts delivering digest files to the same bucket, under
    /// `AWSLogs/<account-id>/CloudTrail-Digest/`, which a bucket policy granting CloudTrail
    /// `s3:PutObject` on `AWSLogs/<account-id>/*` already allows
    /// (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html>).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html>
    /// - <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-4>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail#enable_log_file_validation>
    /// - Security Hub FSBP `CloudTrail.4`; Checkov `CKV_AWS_36`; Trivy `AVD-AWS-0016`
    ///   (`aws-cloudtrail-enable-log-validation`); KICS `52ffcfa6-6c70-4ea6-8376-d828d3961669`
    ///   (`cloudtrail_log_file_validation_disabled`); Prowler `cloudtrail_log_file_validation_enabled`
    /// - Terrascan `AC_AWS_0446` (`AWS.CloudTrail.LM.MEDIUM.0087`)
    pub struct LogValidationRequired {
        id: "aws-cloudtrail-log-validation-required",
        title: "CloudTrail trails validate the integrity of their log files",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_cloudtrail"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-4",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_36"],
            trivy: &["AVD-AWS-0016", "AWS-0016", "aws-cloudtrail-enable-log-validation", "AWS064"],
            kics: &["52ffcfa6-6c70-4ea6-8376-d828d3961669"],
            prowler: &["cloudtrail_log_file_validation_enabled"],
            security_hub: &["CloudTrail.4"],
            terrascan: &["AC_AWS_0446", "AWS.CloudTrail.LM.MEDIUM.0087"],
        },
        check: log_validation_required,
    }
}

/// `aws-cloudtrail-log-validation-required`
fn log_validation_required(cx: &mut Checker<'_>, resource: &Resource) {
    require(
        cx,
        resource,
        &resource.block,
        &Requirement {
            attribute: "enable_log_file_validation",
            accepts: is_true,
            default_ok: false,
            fix_value: "true",
            absent_message: "Trail does not validate its log files (`enable_log_file_validation` defaults to false)",
            wrong_message: "Trail does not validate its log files (`enable_log_file_validation = false`)",
            applicability: Applicability::Safe,
            title: "Turn on log file integrity validation",
            note: "CloudTrail starts delivering hourly signed digest files to the trail's bucket, under AWSLogs/<account-id>/CloudTrail-Digest/.",
            replaces: false,
        },
    );
}
