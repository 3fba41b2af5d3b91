//! `aws-sns-encryption-required`: SNS topics encrypt messages at rest with a KMS key.

use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::common::{Requirement, require};
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::{Resource, Value};

declare_rule! {
    /// ## What it checks
    /// `aws_sns_topic` blocks without server-side encryption: `kms_master_key_id` is absent,
    /// `null` or empty. SNS topics are not encrypted unless a KMS key is given
    /// (<https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html>). A key
    /// that is unknown before apply (a variable without default, an `aws_kms_key` attribute)
    /// is not reported.
    ///
    /// ## Why it matters
    /// SNS stores each published message until it is delivered to every subscription.
    /// Without server-side encryption, message bodies (alerts with hostnames, order events,
    /// personal data) are stored in clear text. With SSE, SNS encrypts the message as it
    /// receives it, under a data key protected by the topic's KMS key, and decrypts it only
    /// to deliver it.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_sns_topic" "alerts" {
    ///   name = "alerts"
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_sns_topic" "alerts" {
    ///   name              = "alerts"
    ///   kms_master_key_id = "alias/aws/sns"
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `kms_master_key_id = "alias/aws/sns"`, the AWS managed key for SNS, where the value
    /// is set (the block, a variable default, a `.tfvars` entry or the calling module's
    /// argument), or inserts it when absent. The change applies in place.
    ///
    /// ## Fix safety
    /// `review`: a publisher needs `kms:GenerateDataKey` and `kms:Decrypt` on the topic's key.
    /// IAM users and roles of the same account get them on the AWS managed key, but AWS
    /// services that publish as service principals (CloudWatch alarms, EventBridge rules, S3
    /// event notifications, and others) and publishers in other accounts need the key policy
    /// to allow them, and the policy of an AWS managed key cannot be changed
    /// (<https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html>). Their messages
    /// are then dropped. For such a topic, create a customer managed key whose policy allows
    /// those principals, and set `kms_master_key_id` to it instead.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html>
    /// - <https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html#sns-1>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sns_topic#kms_master_key_id>
    /// - Security Hub FSBP `SNS.1`; Checkov `CKV_AWS_26`; Trivy `AVD-AWS-0095`
    ///   (`aws-sns-enable-topic-encryption`); KICS `28545147-2fc6-42d5-a1f9-cf226658e591`
    ///   (`sns_topic_not_encrypted`); Prowler `sns_topics_kms_encryption_at_rest_enabled`
    /// - Terrascan `AC_AWS_0502` (`AWS.AST.DP.MEDIUM.0037`)
    pub struct EncryptionRequired {
        id: "aws-sns-encryption-required",
        title: "SNS topics encrypt messages at rest with a KMS key",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_sns_topic"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
            "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html#sns-1",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_26"],
            trivy: &["AVD-AWS-0095", "AWS-0095", "aws-sns-enable-topic-encryption", "AWS016"],
            kics: &["28545147-2fc6-42d5-a1f9-cf226658e591"],
            prowler: &["sns_topics_kms_encryption_at_rest_enabled"],
            security_hub: &["SNS.1"],
            terrascan: &["AC_AWS_0502", "AWS.AST.DP.MEDIUM.0037"],
        },
        check: encryption_required,
    }
}

const NOTE: &str = "Uses the AWS managed key `alias/aws/sns`. AWS services that publish to the topic (CloudWatch alarms, EventBridge, S3 notifications) and publishers in other accounts cannot use that key, whose policy cannot be changed: give such a topic a customer managed key that allows them instead.";

/// Accepts a non-empty key id, alias or ARN.
fn is_key(v: &Value) -> Option<bool> {
    v.as_str().map(|s| !s.trim().is_empty())
}

/// `aws-sns-encryption-required`
fn encryption_required(cx: &mut Checker<'_>, resource: &Resource) {
    require(
        cx,
        resource,
        &resource.block,
        &Requirement {
            attribute: "kms_master_key_id",
            accepts: is_key,
            default_ok: false,
            fix_value: "\"alias/aws/sns\"",
            absent_message: "Topic messages are stored unencrypted (no `kms_master_key_id`)",
            wrong_message: "Topic messages are stored unencrypted (`kms_master_key_id` is empty)",
            applicability: Applicability::Review,
            title: "Encrypt topic messages with the AWS managed SNS key",
            note: NOTE,
            replaces: false,
        },
    );
}
