//! `aws-s3-access-logging-enabled`: every S3 bucket records server access logs.

use super::companion::{self, BUCKET, Body, Companions, MissingCompanion};
use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::{Evaluation, Resource};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it checks
    /// Every `aws_s3_bucket` records server access logs, either in the bucket (a `logging`
    /// block with its `target_bucket`, AWS provider 3 and earlier) or with an
    /// `aws_s3_bucket_logging` of the same module whose `bucket` refers to it (provider 4 and
    /// later). A bucket whose `logging` companion may exist (its `bucket` is not known before
    /// apply) is not reported.
    ///
    /// A bucket that receives the access logs of others is reported too: Security Hub S3.9
    /// and Checkov ask every bucket to be logged, and a log bucket's own access (who read or
    /// deleted the logs) matters as much. Log it into another bucket, never into itself
    /// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html>), or suppress
    /// the finding with the reason.
    ///
    /// ## Why it matters
    /// Server access logs record every request made to the bucket: who (the requester, the
    /// source IP address), what (the operation and key) and with which result. Without them,
    /// an investigation cannot tell which objects were read or deleted, and by whom, when a
    /// credential leaks or a policy turns out to be too open; CloudTrail records object-level
    /// requests only as data events, which must be turned on and are charged separately
    /// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/logging-with-S3.html>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_s3_bucket" "data" {
    ///   bucket = "acme-data"
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_s3_bucket" "data" {
    ///   bucket = "acme-data"
    /// }
    ///
    /// resource "aws_s3_bucket_logging" "data" {
    ///   bucket        = aws_s3_bucket.data.id
    ///   target_bucket = aws_s3_bucket.access_logs.id
    ///   target_prefix = "data/"
    /// }
    /// ```
    ///
    /// ## Fix
    /// Shows the `aws_s3_bucket_logging` to add after the bucket, referring to it (with its
    /// `count`, or iterating over its `for_each` instances). Its `target_bucket` is the
    /// module's log bucket when there is exactly one other bucket that already receives access
    /// logs (another bucket's `logging` or `aws_s3_bucket_logging` sends logs to it, or its
    /// ACL is `log-delivery-write`), else a placeholder to replace. The fix is `manual`: it is
    /// shown, never applied.
    ///
    /// ## Fix safety
    /// `manual`: where the logs go is a human decision. The target bucket must be in the same
    /// Region and account, must not be the bucket itself, must let the logging service write
    /// (a bucket policy granting `s3:PutObject` to `logging.s3.amazonaws.com`, or the
    /// `log-delivery-write` ACL where ACLs are enabled), should not use default encryption
    /// with SSE-KMS, and grows with every request the bucket serves, so it needs a lifecycle
    /// rule (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html>).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html>
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html>
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/logging-with-S3.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-9>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_logging>
    /// - Security Hub FSBP `S3.9`; Checkov `CKV_AWS_18`; Trivy `AVD-AWS-0089`
    ///   (`aws-s3-enable-logging`); KICS `f861041c-8c9f-4156-acfc-5e6e524f5884` (S3 bucket
    ///   logging disabled; it also reads calls of the registry module
    ///   `terraform-aws-modules/s3-bucket/aws`, whose bucket this rule sees only once the
    ///   module is downloaded into `.terraform/modules`); Prowler
    ///   `s3_bucket_server_access_logging_enabled`
    /// - Differences kept on purpose: Trivy does not fail a bucket whose ACL is
    ///   `log-delivery-write` (a log bucket), which this rule reports, as Checkov does.
    /// - Terrascan `AC_AWS_0497` (`AWS.S3Bucket.LM.MEDIUM.0078`)
    pub struct AccessLoggingEnabled {
        id: "aws-s3-access-logging-enabled",
        title: "S3 buckets record server access logs",
        severity: Severity::Low,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &[BUCKET],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/logging-with-S3.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-9",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_logging",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_18"],
            trivy: &["AVD-AWS-0089", "AWS-0089", "aws-s3-enable-logging", "aws-s3-enable-bucket-logging", "AWS002"],
            kics: &["f861041c-8c9f-4156-acfc-5e6e524f5884"],
            prowler: &["s3_bucket_server_access_logging_enabled"],
            security_hub: &["S3.9"],
            terrascan: &["AC_AWS_0497", "AWS.S3Bucket.LM.MEDIUM.0078"],
        },
        check: access_logging_enabled,
    }
}

/// The split-out resource type.
const LOGGING: &str = "aws_s3_bucket_logging";

/// The `target_bucket` shown when no log bucket of the module can be proposed.
const PLACEHOLDER: &str = "\"LOG-BUCKET-NAME\"";

const NOTE: &str = "Choose the target bucket: same Region and account, not this bucket, writable by `logging.s3.amazonaws.com`, without SSE-KMS default encryption, with a lifecycle rule to expire old logs.";

/// The names of the buckets of `bucket`'s module instance that already receive access logs:
/// another bucket's `logging` block or an `aws_s3_bucket_logging` sends logs to them, or
/// their ACL (inline or `aws_s3_bucket_acl`) is `log-delivery-write`.
fn log_buckets(evaluation: &Evaluation, bucket: &Resource) -> BTreeSet<String> {
    let prefix = format!("{BUCKET}.");
    let named = |refs: &[String]| -> Vec<String> {
        refs.iter()
            .filter_map(|r| r.strip_prefix(&prefix).map(str::to_owned))
            .collect()
    };
    let mut out = BTreeSet::new();
    for other in evaluation.siblings(bucket, BUCKET) {
        for logging in other.block.blocks_of("logging") {
            if let Some(target) = logging.attribute("target_bucket") {
                out.extend(named(&target.references));
            }
        }
        if other
            .block
            .value("acl")
            .and_then(|v| v.as_str().map(|s| s == "log-delivery-write"))
            == Some(true)
        {
            out.insert(other.address.name.clone());
        }
    }
    for logging in evaluation.siblings(bucket, LOGGING) {
        if let Some(target) = logging.block.attribute("target_bucket") {
            out.extend(named(&target.references));
        }
    }
    for acl in evaluation.siblings(bucket, "aws_s3_bucket_acl") {
        let log_delivery = acl
            .block
            .value("acl")
            .and_then(|v| v.as_str().map(|s| s == "log-delivery-write"))
            == Some(true);
        if let (true, Some(target)) = (log_delivery, acl.block.attribute("bucket")) {
            out.extend(named(&target.references));
        }
    }
    out
}

/// `aws-s3-access-logging-enabled`
fn access_logging_enabled(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    if block.block("logging").is_some() || block.may_have_block("logging") {
        return;
    }
    let evaluation = cx.evaluation;
    if !matches!(
        companion::find(evaluation, resource, LOGGING),
        Companions::None
    ) {
        return;
    }
    let own = &resource.address.name;
    let log_buckets = log_buckets(evaluation, resource);
    let receives_logs = log_buckets.contains(own);
    let candidates: Vec<&String> = log_buckets.iter().filter(|n| *n != own).collect();
    let target = match candidates.as_slice() {
        [only]
            if evaluation
                .siblings(resource, BUCKET)
                .filter(|b| &b.address.name == *only)
                .all(|b| {
                    b.block.attribute("count").is_none() && b.block.attribute("for_each").is_none()
                }) =>
        {
            format!("{BUCKET}.{only}.id")
        }
        _ => PLACEHOLDER.to_owned(),
    };
    let prefix = format!("\"{own}/\"");
    let attributes = [
        ("target_bucket", target.as_str()),
        ("target_prefix", prefix.as_str()),
    ];
    let message = if receives_logs {
        "Bucket receives access logs but records none of its own (no `logging` or `aws_s3_bucket_logging`)"
    } else {
        "Bucket does not record server access logs (no `logging` or `aws_s3_bucket_logging`)"
    };
    let note = if receives_logs {
        format!(
            "{NOTE} This bucket receives other buckets' logs: send its own to a different bucket, never to itself."
        )
    } else {
        NOTE.to_owned()
    };
    companion::report_missing(
        cx,
        resource,
        &MissingCompanion {
            resource_type: LOGGING,
            suffix: "logging",
            body: Body::Attributes(&attributes),
            message,
            advice: "Add an `aws_s3_bucket_logging` for the bucket, with a `target_bucket` that receives its access logs.",
            applicability: Applicability::Manual,
            title: "Record server access logs",
            note: &note,
        },
    );
}
