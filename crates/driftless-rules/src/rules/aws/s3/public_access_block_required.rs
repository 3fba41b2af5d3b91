//! `aws-s3-public-access-block-required`: every S3 bucket has a public access block with all
//! four settings on.

use super::companion::{self, BUCKET, Body, Companions, MissingCompanion};
use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, IssueKind, Severity};
use driftless_hcl::Resource;
use driftless_hcl::edit::{EditPlan, PlanError, insert_attributes, set_attribute};

declare_rule! {
    /// ## What it checks
    /// Every `aws_s3_bucket` needs an `aws_s3_bucket_public_access_block` of the same module
    /// (its `bucket` refers to the bucket, or holds the bucket's name) that sets all four
    /// settings to `true`: `block_public_acls`, `block_public_policy`, `ignore_public_acls` and
    /// `restrict_public_buckets`. Each setting the block leaves out is `false`
    /// (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block>).
    /// A bucket without such a block is reported at its header; a block with a setting off is
    /// reported at that setting (or at its header when the setting is left out). A block whose
    /// `bucket` is unknown (a variable without value, a module output) may configure any bucket
    /// of the module, so the buckets stay silent.
    ///
    /// The account-wide `aws_s3_account_public_access_block` (Security Hub `S3.1`) is a
    /// different control: it is not taken as a substitute, because Security Hub `S3.8` and the
    /// other tools still require the bucket-level block.
    ///
    /// ## Why it matters
    /// Block Public Access overrides ACLs and bucket policies: with the four settings on, a
    /// public ACL or a public bucket policy cannot be added (`BlockPublicAcls`,
    /// `BlockPublicPolicy`), and those already there stop granting access (`IgnorePublicAcls`,
    /// `RestrictPublicBuckets`). Without it, one permissive ACL or policy statement exposes the
    /// bucket's objects to the internet
    /// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>).
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
    /// resource "aws_s3_bucket_public_access_block" "data" {
    ///   bucket                  = aws_s3_bucket.data.id
    ///   block_public_acls       = true
    ///   block_public_policy     = true
    ///   ignore_public_acls      = true
    ///   restrict_public_buckets = true
    /// }
    /// ```
    ///
    /// ## Fix
    /// When the bucket has no public access block, inserts one after the bucket's block,
    /// referring to it; a bucket with `count` gets a block with the same `count`
    /// (`bucket = aws_s3_bucket.<name>[count.index].id`), a bucket with `for_each` a block
    /// iterating over the bucket's instances (`for_each = aws_s3_bucket.<name>`,
    /// `bucket = each.value.id`). The split-out resource needs version 4 or later of the AWS
    /// provider. When the block exists, sets each setting that is off to `true`, where its
    /// value is set (a variable default, a tfvars entry or a module argument when it comes from
    /// there).
    /// When the bucket's file declares such a resource for the bucket but its `count` or
    /// `for_each` leaves this instance without one (an input switches the feature off), no
    /// second one is added: the finding recommends switching it on. A bucket declared in a
    /// module gets the new resource in the module, for every instance of it (the fix's note
    /// says so).
    ///
    /// ## Fix safety
    /// `review`: buckets that are meant to be public break. A static website served straight
    /// from S3, a public dataset, or a bucket read through a public bucket policy or a
    /// `public-read` ACL stops answering anonymous requests, and a later `terraform apply` that
    /// puts a public bucket policy fails with `AccessDenied`
    /// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>).
    /// Serve such content through CloudFront with origin access control instead, or suppress
    /// the finding with the reason.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-8>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block>
    /// - Security Hub FSBP `S3.8`; Checkov `CKV2_AWS_6` (the bucket has a block), `CKV_AWS_53`,
    ///   `CKV_AWS_54`, `CKV_AWS_55`, `CKV_AWS_56` (each setting of the block); Trivy
    ///   `AVD-AWS-0086` (`aws-s3-block-public-acls`), `AVD-AWS-0087` (`aws-s3-block-public-policy`),
    ///   `AVD-AWS-0091` (`aws-s3-ignore-public-acls`), `AVD-AWS-0093` (`aws-s3-no-public-buckets`),
    ///   `AVD-AWS-0094` (`aws-s3-specify-public-access-block`); KICS `4fa66806-0dd9-4f8d-9480-3174d39c7c91`
    ///   (S3 bucket without ignore public ACL), `1ec253ab-c220-4d63-b2de-5b40e0af9293` (S3 bucket
    ///   without restriction of public bucket; both also read calls of the registry module
    ///   `terraform-aws-modules/s3-bucket/aws`, whose resources this rule sees only once the
    ///   module is downloaded into `.terraform/modules`); Prowler
    ///   `s3_bucket_level_public_access_block`
    pub struct PublicAccessBlockRequired {
        id: "aws-s3-public-access-block-required",
        title: "S3 buckets have a public access block with all four settings on",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &[BUCKET, PUBLIC_ACCESS_BLOCK],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-8",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
            trivy: &["AVD-AWS-0086", "AWS-0086", "aws-s3-block-public-acls", "AVD-AWS-0087", "AWS-0087", "aws-s3-block-public-policy", "AVD-AWS-0091", "AWS-0091", "aws-s3-ignore-public-acls", "AVD-AWS-0093", "AWS-0093", "aws-s3-no-public-buckets", "AVD-AWS-0094", "AWS-0094", "aws-s3-specify-public-access-block", "AWS074", "AWS076", "AWS073", "AWS075", "AWS098"],
            kics: &["4fa66806-0dd9-4f8d-9480-3174d39c7c91", "1ec253ab-c220-4d63-b2de-5b40e0af9293"],
            prowler: &["s3_bucket_level_public_access_block"],
            security_hub: &["S3.8"],
            terrascan: &[],
        },
        check: public_access_block_required,
    }
}

/// The split-out resource type.
const PUBLIC_ACCESS_BLOCK: &str = "aws_s3_bucket_public_access_block";

/// The four settings, in the order the fix writes them.
const SETTINGS: [&str; 4] = [
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
];

const TITLE_ADD: &str = "Add a public access block with all four settings on";
const TITLE_SET: &str = "Turn on every public access block setting";
const NOTE: &str = "Buckets meant to be public (static websites served from S3, public datasets, public bucket policies or ACLs) stop answering anonymous requests, and putting a public bucket policy fails.";

/// `aws-s3-public-access-block-required`
fn public_access_block_required(cx: &mut Checker<'_>, resource: &Resource) {
    if resource.resource_type() == BUCKET {
        check_bucket(cx, resource);
    } else {
        check_block(cx, resource);
    }
}

fn check_bucket(cx: &mut Checker<'_>, bucket: &Resource) {
    let evaluation = cx.evaluation;
    if !matches!(
        companion::find(evaluation, bucket, PUBLIC_ACCESS_BLOCK),
        Companions::None
    ) {
        return;
    }
    let settings: Vec<(&str, &str)> = SETTINGS.iter().map(|s| (*s, "true")).collect();
    companion::report_missing(
        cx,
        bucket,
        &MissingCompanion {
            resource_type: PUBLIC_ACCESS_BLOCK,
            suffix: "public_access_block",
            body: Body::Attributes(&settings),
            message: "Bucket has no public access block (`aws_s3_bucket_public_access_block`)",
            advice: "Add an `aws_s3_bucket_public_access_block` for the bucket with all four settings `true`.",
            applicability: Applicability::Review,
            title: TITLE_ADD,
            note: NOTE,
        },
    );
}

fn check_block(cx: &mut Checker<'_>, block_resource: &Resource) {
    let block = &block_resource.block;
    let mut off = Vec::new();
    let mut absent = Vec::new();
    let mut first_wrong = None;
    for setting in SETTINGS {
        match block.attribute(setting) {
            None => absent.push(setting),
            Some(attr) if attr.value.is_null() => {
                off.push(setting);
                first_wrong.get_or_insert(attr);
            }
            Some(attr) => {
                if attr.value.as_bool() == Some(false) {
                    off.push(setting);
                    first_wrong.get_or_insert(attr);
                }
            }
        }
    }
    if off.is_empty() && absent.is_empty() {
        return;
    }
    let mut names: Vec<&str> = off.iter().chain(&absent).copied().collect();
    names.sort_by_key(|n| SETTINGS.iter().position(|s| s == n));
    let message = format!(
        "Public access block leaves {} off",
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let finding = match first_wrong {
        Some(attr) => cx.report(
            block_resource,
            IssueKind::IncorrectValue,
            &attr.value_location,
            message,
        ),
        None => cx.report(
            block_resource,
            IssueKind::MissingAttribute,
            &block.header,
            message,
        ),
    };
    let planned = plan_settings(block_resource, &off, &absent);
    attach_fix(
        finding,
        planned,
        "Set the four settings of the public access block to `true`.",
        |fix| {
            fix.with_applicability(Applicability::Review)
                .with_title(TITLE_SET)
                .with_note(NOTE)
        },
    );
}

/// One fix for every setting: each wrong value replaced where it is set, the absent ones
/// inserted together.
fn plan_settings(
    block_resource: &Resource,
    off: &[&str],
    absent: &[&str],
) -> Result<EditPlan, PlanError> {
    let block = &block_resource.block;
    let mut planned = EditPlan {
        edits: Vec::new(),
        origin: None,
    };
    // Every setting that is off is written: its value is replaced where it is set.
    for setting in off {
        let one = set_attribute(block, setting, "true")?;
        planned.edits.extend(one.edits);
        if planned.origin.is_none() {
            planned.origin = one.origin;
        }
    }
    if !absent.is_empty() {
        let attributes: Vec<(&str, String)> =
            absent.iter().map(|s| (*s, "true".to_owned())).collect();
        planned.edits.push(insert_attributes(block, &attributes)?);
    }
    Ok(planned)
}
