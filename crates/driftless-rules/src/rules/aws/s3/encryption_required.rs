//! `aws-s3-encryption-required`: every S3 bucket declares its default encryption.

use super::companion::{self, BUCKET, Body, Companions, MissingCompanion, Nested, NestedFix};
use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::{Resource, Value};

declare_rule! {
    /// ## What it checks
    /// Every `aws_s3_bucket` declares its default encryption, either in the bucket
    /// (`server_side_encryption_configuration { rule { apply_server_side_encryption_by_default {
    /// sse_algorithm = ... } } }`, AWS provider 3 and earlier) or with an
    /// `aws_s3_bucket_server_side_encryption_configuration` of the same module whose `bucket`
    /// refers to it (provider 4 and later). `sse_algorithm` must be one of `AES256`, `aws:kms`
    /// or `aws:kms:dsse`. A split-out configuration is also checked on its own: a `rule`
    /// without `apply_server_side_encryption_by_default` (which the split-out resource allows,
    /// e.g. to set only `bucket_key_enabled`) declares no default encryption.
    ///
    /// ## Why it matters
    /// Default encryption says, in the code, how the bucket's objects are encrypted at rest.
    /// Since January 5, 2023, S3 encrypts every new object with S3 managed keys (SSE-S3) when
    /// the bucket declares nothing
    /// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html>,
    /// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html>), so
    /// the gap is small: objects written before that date to an old bucket may be unencrypted,
    /// and the configuration does not state the encryption auditors look for. Hence the `low`
    /// severity (Trivy rates its deprecated `AVD-AWS-0088` high; it predates the change).
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
    /// resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
    ///   bucket = aws_s3_bucket.data.id
    ///
    ///   rule {
    ///     apply_server_side_encryption_by_default {
    ///       sse_algorithm = "AES256"
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// When the bucket declares no default encryption, inserts an
    /// `aws_s3_bucket_server_side_encryption_configuration` after the bucket's block, referring
    /// to it (with the bucket's `count`, or iterating over its `for_each` instances), with
    /// `sse_algorithm = "AES256"` (SSE-S3). The split-out resource needs version 4 or later of
    /// the AWS provider. When a configuration exists but lacks the setting, adds the missing
    /// blocks or sets `sse_algorithm = "AES256"` where the value is set.
    /// When the bucket's file declares such a resource for the bucket but its `count` or
    /// `for_each` leaves this instance without one (an input switches the feature off), no
    /// second one is added: the finding recommends switching it on. A bucket declared in a
    /// module gets the new resource in the module, for every instance of it (the fix's note
    /// says so).
    ///
    /// SSE-S3 is what S3 already applies to new objects, so the fix codifies the current
    /// behaviour and changes nothing for readers and writers. SSE-KMS with a customer managed
    /// key (what Checkov `CKV_AWS_145` and Trivy `AVD-AWS-0132` ask for) adds key policies,
    /// `kms:Decrypt` permissions and request costs: a decision for a human, which this rule
    /// does not make, and those checks are not cross-referenced here.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html>
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html>
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_server_side_encryption_configuration>
    /// - Checkov `CKV_AWS_19` (since Checkov 3 it fails only a configuration with another
    ///   algorithm, and passes a bucket that declares nothing); Trivy `AVD-AWS-0088`
    ///   (`aws-s3-enable-bucket-encryption`, deprecated in trivy-checks); Prowler
    ///   `s3_bucket_default_encryption`. Security Hub FSBP `S3.4` ("S3 buckets should have
    ///   server-side encryption enabled") is the same requirement, but AWS retired it once S3
    ///   encrypted by default and Prowler's FSBP mapping no longer lists it, so it is not
    ///   cross-referenced; older exported findings still carry it.
    pub struct EncryptionRequired {
        id: "aws-s3-encryption-required",
        title: "S3 buckets declare their default encryption",
        severity: Severity::Low,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &[BUCKET, ENCRYPTION],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_server_side_encryption_configuration",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_19"],
            trivy: &["AVD-AWS-0088", "AWS-0088", "aws-s3-enable-bucket-encryption", "AWS017"],
            kics: &[],
            prowler: &["s3_bucket_default_encryption"],
            security_hub: &[],
            terrascan: &[],
        },
        check: encryption_required,
    }
}

/// The split-out resource type.
const ENCRYPTION: &str = "aws_s3_bucket_server_side_encryption_configuration";

/// The inline block of the bucket (AWS provider 3 and earlier).
const INLINE: &str = "server_side_encryption_configuration";

/// The blocks from the split-out resource down to `sse_algorithm`.
const SPLIT_PATH: [&str; 2] = ["rule", "apply_server_side_encryption_by_default"];

/// The blocks from the bucket down to `sse_algorithm`.
const INLINE_PATH: [&str; 3] = [INLINE, "rule", "apply_server_side_encryption_by_default"];

/// The algorithms S3 accepts for default encryption.
const ALGORITHMS: [&str; 3] = ["AES256", "aws:kms", "aws:kms:dsse"];

const SSE_S3: &str = "\"AES256\"";
const TITLE: &str = "Declare SSE-S3 default encryption";
const NOTE: &str = "S3 already encrypts new objects with SSE-S3 by default, so nothing changes for readers or writers.";

fn accepts(v: &Value) -> Option<bool> {
    v.as_str().map(|s| ALGORITHMS.contains(&s.as_ref()))
}

fn nested_fix(path: &'static [&'static str]) -> NestedFix<'static> {
    NestedFix {
        path,
        attribute: "sse_algorithm",
        value: SSE_S3,
        subject: "Bucket default encryption is not declared",
        applicability: Applicability::Safe,
        title: TITLE,
        note: NOTE,
        replaces: companion::never,
    }
}

/// `aws-s3-encryption-required`
fn encryption_required(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    if resource.resource_type() == ENCRYPTION {
        let problem = companion::assess(block, &SPLIT_PATH, "sse_algorithm", accepts);
        companion::report_nested(cx, resource, block, problem, &nested_fix(&SPLIT_PATH));
        return;
    }
    let evaluation = cx.evaluation;
    if !matches!(
        companion::find(evaluation, resource, ENCRYPTION),
        Companions::None
    ) {
        return;
    }
    match companion::assess(block, &INLINE_PATH, "sse_algorithm", accepts) {
        Nested::MissingBlock(b) if std::ptr::eq(b, block) => companion::report_missing(
            cx,
            resource,
            &MissingCompanion {
                resource_type: ENCRYPTION,
                suffix: "encryption",
                body: Body::Nested {
                    path: &SPLIT_PATH,
                    attribute: ("sse_algorithm", SSE_S3),
                },
                message: "Bucket declares no default encryption (no `aws_s3_bucket_server_side_encryption_configuration`)",
                advice: "Add an `aws_s3_bucket_server_side_encryption_configuration` for the bucket with `sse_algorithm = \"AES256\"`.",
                applicability: Applicability::Safe,
                title: TITLE,
                note: NOTE,
            },
        ),
        problem => {
            companion::report_nested(cx, resource, block, problem, &nested_fix(&INLINE_PATH));
        }
    }
}
