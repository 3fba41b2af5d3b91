//! `aws-sqs-encryption-required`: SQS queues keep server-side encryption on.

use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, IssueKind, Severity};
use driftless_hcl::Resource;
use driftless_hcl::edit::set_attribute;

declare_rule! {
    /// ## What it checks
    /// `aws_sqs_queue` blocks that switch server-side encryption off:
    /// `sqs_managed_sse_enabled = false` without a `kms_master_key_id` (an empty or `null` key
    /// counts as none). A queue that sets neither attribute is not reported: since October
    /// 2022, SQS encrypts every new queue with SQS-owned keys (SSE-SQS) by default
    /// (<https://aws.amazon.com/blogs/compute/announcing-server-side-encryption-with-amazon-simple-queue-service-managed-encryption-keys-sse-sqs-by-default/>),
    /// and the provider only sends `sqs_managed_sse_enabled` when the configuration sets it
    /// (the argument is optional and computed). A value unknown before apply is not reported.
    ///
    /// That default does not reach queues created before October 2022: such a queue, imported
    /// into Terraform without either attribute, may still be unencrypted, and only a check of
    /// the live queue (Security Hub `SQS.1`) can tell.
    ///
    /// ## Why it matters
    /// Without server-side encryption, message bodies (orders, tokens, personal data) are
    /// stored in clear text while they wait in the queue. SSE encrypts each message as SQS
    /// receives it and decrypts it only for an authorised consumer
    /// (<https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html>).
    /// SSE-SQS costs nothing and needs no KMS permission from producers or consumers.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_sqs_queue" "orders" {
    ///   name                    = "orders"
    ///   sqs_managed_sse_enabled = false
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_sqs_queue" "orders" {
    ///   name                    = "orders"
    ///   sqs_managed_sse_enabled = true
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `sqs_managed_sse_enabled = true` where the value is set (the block, a variable
    /// default, a `.tfvars` entry or the calling module's argument). The change applies in
    /// place, without replacing the queue; messages already in the queue stay as they are,
    /// new ones are encrypted. Every request to a queue with SSE must use HTTPS and Signature
    /// Version 4, which every AWS SDK and CLI does by default. To use a KMS key instead, set
    /// `kms_master_key_id` and remove `sqs_managed_sse_enabled` (the two conflict).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html>
    /// - <https://aws.amazon.com/blogs/compute/announcing-server-side-encryption-with-amazon-simple-queue-service-managed-encryption-keys-sse-sqs-by-default/>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html#sqs-1>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sqs_queue#sqs_managed_sse_enabled>
    /// - Security Hub FSBP `SQS.1`; Prowler `sqs_queues_server_side_encryption_enabled`.
    ///   Not cross-referenced: Checkov `CKV_AWS_27`, Trivy `AVD-AWS-0096`
    ///   (`aws-sqs-enable-queue-encryption`) and KICS `6e8849c1-3aa7-40e3-9063-b85ee300f29f`
    ///   (`sqs_with_sse_disabled`) also fail a queue that sets neither attribute, which SQS
    ///   encrypts by default, so this rule does not find every queue they fail. Their
    ///   suppressions (`checkov:skip=CKV_AWS_27`, `trivy:ignore:AVD-AWS-0096`, tfsec's
    ///   `aws-sqs-enable-queue-encryption`) silence this rule all the same: they are the
    ///   author's decision about the same setting.
    /// - Terrascan `AC_AWS_0366` fails every queue without `kms_master_key_id`, SSE-SQS queues
    ///   included, so it is not cross-referenced; its `#ts:skip=` silences this rule all the
    ///   same
    pub struct EncryptionRequired {
        id: "aws-sqs-encryption-required",
        title: "SQS queues keep server-side encryption on",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_sqs_queue"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
            "https://aws.amazon.com/blogs/compute/announcing-server-side-encryption-with-amazon-simple-queue-service-managed-encryption-keys-sse-sqs-by-default/",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html#sqs-1",
        ],
        cross_refs: CrossRefs {
            checkov: &[],
            trivy: &[],
            kics: &[],
            prowler: &["sqs_queues_server_side_encryption_enabled"],
            security_hub: &["SQS.1"],
            terrascan: &[],
        },
        suppressed_by: &["CKV_AWS_27", "AVD-AWS-0096", "AWS-0096", "aws-sqs-enable-queue-encryption", "AWS015", "AC_AWS_0366", "AWS.SQS.NetworkSecurity.High.0570"],
        check: encryption_required,
    }
}

const NOTE: &str = "Applies in place: new messages are encrypted with SQS-owned keys (SSE-SQS), at no cost and without KMS permissions. Requests to the queue must use HTTPS and Signature Version 4, as AWS SDKs and the CLI do by default.";

/// `aws-sqs-encryption-required`
fn encryption_required(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    // A KMS key encrypts the queue; an unknown one may.
    if block
        .attribute("kms_master_key_id")
        .is_some_and(|key| !key.value.is_null() && key.value.as_str().is_none_or(|s| !s.is_empty()))
    {
        return;
    }
    let Some(attr) = block.attribute("sqs_managed_sse_enabled") else {
        return;
    };
    if attr.value.is_null() || attr.value.as_bool() != Some(false) {
        return;
    }
    let finding = cx.report(
        resource,
        IssueKind::IncorrectValue,
        &attr.value_location,
        "Queue messages are stored unencrypted (`sqs_managed_sse_enabled = false` and no `kms_master_key_id`)",
    );
    attach_fix(
        finding,
        set_attribute(block, &attr.name, "true"),
        "Set `sqs_managed_sse_enabled = true`.",
        |fix| {
            fix.with_applicability(Applicability::Safe)
                .with_title("Encrypt queue messages with SQS-owned keys")
                .with_note(NOTE)
        },
    );
}
