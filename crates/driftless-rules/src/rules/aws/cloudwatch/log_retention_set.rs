//! `aws-cloudwatch-log-retention-set`: CloudWatch log groups keep their events for at least
//! a year, and not forever.

use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, IssueKind, Severity};
use driftless_hcl::Resource;
use driftless_hcl::edit::set_attribute;

declare_rule! {
    /// ## What it checks
    /// `aws_cloudwatch_log_group` blocks whose retention is not set to at least one year:
    /// - `retention_in_days` absent, `null` or `0`: the events never expire
    ///   (<https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention>);
    /// - `retention_in_days` below 365: the events are deleted before a year has passed;
    /// - `log_group_class = "DELIVERY"`: the retention is fixed at 2 days, whatever
    ///   `retention_in_days` says
    ///   (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group#retention_in_days>).
    ///
    /// Values unknown before apply are not reported; a `log_group_class` unknown before apply
    /// is read as a class that honours `retention_in_days` (were it `DELIVERY`, the retention
    /// would be 2 days, a finding as well). The minimum of 365 days is the default
    /// of Security Hub control `CloudWatch.16` (NIST SP 800-53) and of Checkov `CKV_AWS_338`,
    /// and the audit-trail history PCI DSS 10.5.1 asks for.
    ///
    /// ## Why it matters
    /// Logs are the record an investigation starts from, and intrusions are often found
    /// months after they began: a log group that keeps 30 days has already lost the first
    /// steps by then. A log group that never expires keeps every event forever, so its
    /// storage cost only grows, and it keeps personal data longer than any retention policy
    /// allows. A retention of a year or more, set explicitly, covers both.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_cloudwatch_log_group" "api" {
    ///   name = "/app/api"
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_cloudwatch_log_group" "api" {
    ///   name              = "/app/api"
    ///   retention_in_days = 365
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `retention_in_days = 365` where the value is set (the block, a variable default, a
    /// `.tfvars` entry or the calling module's argument), or inserts it when absent. The
    /// change applies in place. A `DELIVERY` log group gets a recommendation instead: its
    /// retention cannot be changed, so keep the events where they are delivered (S3, Data
    /// Firehose) for a year, or use the `STANDARD` or `INFREQUENT_ACCESS` class, which
    /// replaces the log group.
    ///
    /// ## Fix safety
    /// `review` when the events never expired: once applied, CloudWatch Logs deletes the
    /// events older than 365 days. Export them to S3 first if they must be kept
    /// (<https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/S3Export.html>), or choose a
    /// longer retention. Raising a shorter retention to 365 days is `safe`: no event is
    /// deleted, and only the storage cost grows.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention>
    /// - <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/S3Export.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-16>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group#retention_in_days>
    /// - Security Hub `CloudWatch.16` (NIST SP 800-53, not in the FSBP standard); Checkov
    ///   `CKV_AWS_66` (retention set) and `CKV_AWS_338` (at least one year); Prowler
    ///   `cloudwatch_log_group_retention_policy_specific_days_enabled` (365 days by default).
    ///   Not cross-referenced: KICS `ef0b316a-211e-42f1-888e-64efe172b755`
    ///   (`cloudwatch_without_retention_period_specified`) accepts any retention, one day
    ///   included, which this rule reports. Trivy has no retention check.
    /// - Terrascan `AC_AWS_0452` (`AWS.ACLG.LM.MEDIUM.0068`)
    pub struct LogRetentionSet {
        id: "aws-cloudwatch-log-retention-set",
        title: "CloudWatch log groups keep events for at least a year, not forever",
        severity: Severity::Low,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_cloudwatch_log_group"],
        fix: FixAvailability::Sometimes,
        references: &[
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/S3Export.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-16",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group#retention_in_days",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_66", "CKV_AWS_338"],
            trivy: &[],
            kics: &[],
            prowler: &["cloudwatch_log_group_retention_policy_specific_days_enabled"],
            security_hub: &[],
            terrascan: &["AC_AWS_0452", "AWS.ACLG.LM.MEDIUM.0068"],
        },
        check: log_retention_set,
    }
}

/// The shortest retention accepted, in days (a valid `retention_in_days` value).
const MINIMUM_DAYS: f64 = 365.0;

const TITLE: &str = "Keep log events for one year";
const FOREVER_NOTE: &str = "Once applied, events older than 365 days are deleted: export them to S3 first if they must be kept, or choose a longer retention.";

/// `aws-cloudwatch-log-retention-set`
fn log_retention_set(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    let delivery = block.attribute("log_group_class").filter(|c| {
        c.value
            .as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("DELIVERY"))
    });
    if let Some(class) = delivery {
        let finding = cx.report(
            resource,
            IssueKind::IncorrectValue,
            &class.value_location,
            "Log group keeps its events only 2 days (the `DELIVERY` class fixes the retention)",
        );
        finding.recommendation = Some(
            "Keep the events where they are delivered (S3, Data Firehose) for at least a year, or use the `STANDARD` or `INFREQUENT_ACCESS` class with `retention_in_days = 365` (changing the class replaces the log group).".to_owned(),
        );
        return;
    }
    // Another class, or one unknown before apply: `DELIVERY` would keep events 2 days, so a
    // retention that is too short or absent is a finding whatever the class turns out to be.
    let (kind, location, message, applicability, note) = match block.attribute("retention_in_days")
    {
        None => (
            IssueKind::MissingAttribute,
            &block.header,
            "Log group keeps its events forever (`retention_in_days` is not set)".to_owned(),
            Applicability::Review,
            FOREVER_NOTE.to_owned(),
        ),
        Some(attr) if attr.value.is_null() => (
            IssueKind::IncorrectValue,
            &attr.value_location,
            "Log group keeps its events forever (`retention_in_days = null`)".to_owned(),
            Applicability::Review,
            FOREVER_NOTE.to_owned(),
        ),
        Some(attr) => match attr.value.as_number() {
            Some(0.0) => (
                IssueKind::IncorrectValue,
                &attr.value_location,
                "Log group keeps its events forever (`retention_in_days = 0`)".to_owned(),
                Applicability::Review,
                FOREVER_NOTE.to_owned(),
            ),
            Some(days) if days < MINIMUM_DAYS => {
                let unit = if (days - 1.0).abs() < f64::EPSILON {
                    "day"
                } else {
                    "days"
                };
                let days = driftless_hcl::format_number(days);
                (
                    IssueKind::IncorrectValue,
                    &attr.value_location,
                    format!(
                        "Log group keeps its events only {days} {unit} (`retention_in_days = {days}`, less than a year)"
                    ),
                    Applicability::Safe,
                    format!(
                        "No event is deleted: events are kept 365 days instead of {days}, and the storage cost grows accordingly."
                    ),
                )
            }
            _ => return,
        },
    };
    let finding = cx.report(resource, kind, location, message);
    attach_fix(
        finding,
        set_attribute(block, "retention_in_days", "365"),
        "Set `retention_in_days = 365`.",
        |fix| {
            fix.with_applicability(applicability)
                .with_title(TITLE)
                .with_note(note)
        },
    );
}
