//! `aws-s3-versioning-required`: every S3 bucket has versioning enabled.

use super::companion::{self, BUCKET, Body, Companions, MissingCompanion, Nested, NestedFix};
use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::common::is_true;
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::{Resource, Value};

declare_rule! {
    /// ## What it checks
    /// Every `aws_s3_bucket` has versioning enabled, either in the bucket
    /// (`versioning { enabled = true }`, AWS provider 3 and earlier; `enabled` defaults to
    /// `false`) or with an `aws_s3_bucket_versioning` of the same module whose `bucket` refers
    /// to it and whose `versioning_configuration { status = "Enabled" }` (provider 4 and
    /// later; `"Suspended"` and `"Disabled"` are reported). A split-out resource is checked on
    /// its own, at its `status`.
    ///
    /// ## Why it matters
    /// With versioning, an overwrite keeps the previous version and a delete only adds a delete
    /// marker, so objects lost to a faulty deployment, a compromised credential or ransomware
    /// can be restored
    /// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html>). Without it,
    /// every overwrite and delete is final.
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
    /// resource "aws_s3_bucket_versioning" "data" {
    ///   bucket = aws_s3_bucket.data.id
    ///
    ///   versioning_configuration {
    ///     status = "Enabled"
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// When the bucket has no versioning configuration, inserts an `aws_s3_bucket_versioning`
    /// after the bucket's block, referring to it (with the bucket's `count`, or iterating over
    /// its `for_each` instances). The split-out resource needs version 4 or later of the AWS
    /// provider. An inline `versioning` block gets `enabled = true`, and a split-out
    /// `status` becomes `"Enabled"`, where the value is set.
    /// When the bucket's file declares such a resource for the bucket but its `count` or
    /// `for_each` leaves this instance without one (an input switches the feature off), no
    /// second one is added: the finding recommends switching it on. A bucket declared in a
    /// module gets the new resource in the module, for every instance of it (the fix's note
    /// says so).
    ///
    /// ## Fix safety
    /// `review`: storage cost grows, since every overwrite and delete keeps the former version,
    /// billed at the normal rate until a lifecycle rule (`noncurrent_version_expiration`)
    /// expires it. And the change is one-way: once enabled, versioning can only be suspended,
    /// never removed, and the versions already kept stay
    /// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html>,
    /// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/VersionSuspendedBehavior.html>).
    /// Reads and listings do not change (former versions and delete markers show only through
    /// the versions API), but emptying or destroying the bucket now means deleting every
    /// version.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-14>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_versioning>
    /// - Security Hub FSBP `S3.14`; Checkov `CKV_AWS_21`; Trivy `AVD-AWS-0090`
    ///   (`aws-s3-enable-versioning`); KICS `568a4d22-3517-44a6-a7ad-6a7eed88722c` (S3 bucket
    ///   without versioning; it also reads calls of the registry module
    ///   `terraform-aws-modules/s3-bucket/aws`, whose bucket this rule sees only once the
    ///   module is downloaded into `.terraform/modules`); Prowler `s3_bucket_object_versioning`
    /// - Terrascan `AC_AWS_0214` (`AWS.S3Bucket.IAM.High.0370`)
    pub struct VersioningRequired {
        id: "aws-s3-versioning-required",
        title: "S3 buckets have versioning enabled",
        severity: Severity::Medium,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &[BUCKET, VERSIONING],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-14",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_versioning",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_21"],
            trivy: &["AVD-AWS-0090", "AWS-0090", "aws-s3-enable-versioning", "AWS077"],
            kics: &["568a4d22-3517-44a6-a7ad-6a7eed88722c"],
            prowler: &["s3_bucket_object_versioning"],
            security_hub: &["S3.14"],
            terrascan: &["AC_AWS_0214", "AWS.S3Bucket.IAM.High.0370"],
        },
        check: versioning_required,
    }
}

/// The split-out resource type.
const VERSIONING: &str = "aws_s3_bucket_versioning";

const TITLE: &str = "Enable bucket versioning";
const NOTE: &str = "Storage cost grows: every overwrite and delete keeps the former version until a lifecycle rule expires it. Versioning can later be suspended, never removed.";

fn is_enabled(v: &Value) -> Option<bool> {
    v.as_str().map(|s| s == "Enabled")
}

const SPLIT: NestedFix<'static> = NestedFix {
    path: &["versioning_configuration"],
    attribute: "status",
    value: "\"Enabled\"",
    subject: "Bucket versioning is not enabled",
    applicability: Applicability::Review,
    title: TITLE,
    note: NOTE,
    replaces: companion::never,
};

const INLINE: NestedFix<'static> = NestedFix {
    path: &["versioning"],
    attribute: "enabled",
    value: "true",
    subject: "Bucket versioning is not enabled",
    applicability: Applicability::Review,
    title: TITLE,
    note: NOTE,
    replaces: companion::never,
};

/// `aws-s3-versioning-required`
fn versioning_required(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    if resource.resource_type() == VERSIONING {
        let problem = companion::assess(block, SPLIT.path, SPLIT.attribute, is_enabled);
        companion::report_nested(cx, resource, block, problem, &SPLIT);
        return;
    }
    let evaluation = cx.evaluation;
    if !matches!(
        companion::find(evaluation, resource, VERSIONING),
        Companions::None
    ) {
        return;
    }
    match companion::assess(block, INLINE.path, INLINE.attribute, is_true) {
        Nested::MissingBlock(b) if std::ptr::eq(b, block) => companion::report_missing(
            cx,
            resource,
            &MissingCompanion {
                resource_type: VERSIONING,
                suffix: "versioning",
                body: Body::Nested {
                    path: SPLIT.path,
                    attribute: (SPLIT.attribute, SPLIT.value),
                },
                message: "Bucket versioning is not enabled (no `aws_s3_bucket_versioning`)",
                advice: "Add an `aws_s3_bucket_versioning` for the bucket with `status = \"Enabled\"`.",
                applicability: Applicability::Review,
                title: TITLE,
                note: NOTE,
            },
        ),
        problem => companion::report_nested(cx, resource, block, problem, &INLINE),
    }
}
