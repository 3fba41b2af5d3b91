//! `aws-eks-secrets-encryption-required`: EKS clusters encrypt Kubernetes secrets with a KMS
//! key.

use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::common::numbered_name;
use driftless_diagnostics::{Applicability, CrossRefs, Edit, IssueKind, Severity};
use driftless_hcl::Resource;
use driftless_hcl::edit::{EditPlan, PlanError, insert_after, insert_block, set_attribute};

declare_rule! {
    /// ## What it checks
    /// `aws_eks_cluster` blocks without envelope encryption of Kubernetes secrets: no
    /// `encryption_config` block, or one whose `resources` list does not hold `"secrets"`
    /// (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster#encryption_config>).
    /// An `encryption_config` from a `dynamic` block whose `for_each` is unknown, or a
    /// `resources` value unknown before apply, is not reported.
    ///
    /// ## Why it matters
    /// Kubernetes secrets hold database passwords, API tokens and TLS keys. Since Kubernetes
    /// 1.28, EKS encrypts all Kubernetes API data with a key AWS owns and manages; a customer
    /// managed KMS key on top of it is what gives the secrets' owner control: the key's policy
    /// decides who and what may decrypt them, every use of the key is logged in CloudTrail,
    /// and disabling the key cuts access to the secrets
    /// (<https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html>). Security
    /// Hub control EKS.3 requires it
    /// (<https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-3>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_eks_cluster" "main" {
    ///   name     = "main"
    ///   role_arn = aws_iam_role.cluster.arn
    ///
    ///   vpc_config {
    ///     subnet_ids = var.private_subnet_ids
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_eks_cluster" "main" {
    ///   name     = "main"
    ///   role_arn = aws_iam_role.cluster.arn
    ///
    ///   vpc_config {
    ///     subnet_ids = var.private_subnet_ids
    ///   }
    ///
    ///   encryption_config {
    ///     resources = ["secrets"]
    ///
    ///     provider {
    ///       key_arn = aws_kms_key.eks.arn
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// - No `encryption_config`: a `manual` fix, shown and never applied, that adds the block
    ///   with `resources = ["secrets"]` and a new customer managed key (`aws_kms_key` with
    ///   rotation on) after the cluster, the cluster's `count` or `for_each` carried over. The
    ///   key (a new one, or an existing one), its policy and its administrators are the
    ///   owner's decision.
    /// - `resources` without `"secrets"`: sets `resources = ["secrets"]` (`review`), keeping
    ///   the key the block already names.
    ///
    /// ## Fix safety
    /// `manual` and `review`: the cluster is updated in place (the update takes several
    /// minutes), but secrets encryption cannot be turned off once on, and the cluster's
    /// secrets become unreadable if the key is deleted or disabled: the key must outlive the
    /// cluster (`lifecycle { prevent_destroy = true }` on it helps)
    /// (<https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html>). The key must be
    /// symmetric and in the cluster's Region; a key of another account needs a policy that
    /// lets the cluster's account use it. Secrets that exist already are encrypted with the
    /// key only when they are next written. A new key costs a monthly fee, and reading secrets
    /// makes KMS requests.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html>
    /// - <https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-3>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster#encryption_config>
    /// - Security Hub FSBP `EKS.3`; Checkov `CKV_AWS_58`; Trivy `AVD-AWS-0039`
    ///   (`aws-eks-encrypt-secrets`); KICS `63ebcb19-2739-4d3f-aa5c-e8bbb9b85281`
    ///   (`eks_cluster_encryption_disabled`); Prowler
    ///   `eks_cluster_kms_cmk_encryption_in_secrets_enabled`
    pub struct SecretsEncryptionRequired {
        id: "aws-eks-secrets-encryption-required",
        title: "EKS clusters encrypt Kubernetes secrets with a KMS key",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_eks_cluster"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html",
            "https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-3",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_58"],
            trivy: &["AVD-AWS-0039", "AWS-0039", "aws-eks-encrypt-secrets", "AWS066"],
            kics: &["63ebcb19-2739-4d3f-aa5c-e8bbb9b85281"],
            prowler: &["eks_cluster_kms_cmk_encryption_in_secrets_enabled"],
            security_hub: &["EKS.3"],
            terrascan: &[],
        },
        check: secrets_encryption_required,
    }
}

const KEY: &str = "aws_kms_key";
const ADVICE: &str = "Add `encryption_config { resources = [\"secrets\"] provider { key_arn = <customer managed KMS key ARN> } }`.";
const NOTE: &str = "Secrets encryption cannot be turned off once on, and the secrets become unreadable if the key is deleted or disabled: keep the key as long as the cluster. Existing secrets are encrypted with the key when next written.";

/// `aws-eks-secrets-encryption-required`
fn secrets_encryption_required(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    if block.may_have_block("encryption_config") {
        return;
    }
    let Some(config) = block.block("encryption_config") else {
        let planned = plan_new_key(cx.evaluation, resource);
        let finding = cx.report(
            resource,
            IssueKind::MissingAttribute,
            &block.header,
            "EKS cluster does not encrypt Kubernetes secrets with a KMS key (no `encryption_config`)",
        );
        attach_fix(finding, planned, ADVICE, |fix| {
            fix.with_applicability(Applicability::Manual)
                .with_title("Encrypt secrets with a new KMS key")
                .with_note(format!("A new customer managed key is added for the cluster: review its policy and administrators, or use an existing key. {NOTE}"))
        });
        return;
    };
    let Some(attr) = config.attribute("resources") else {
        return;
    };
    let Some(items) = attr.value.as_list() else {
        return;
    };
    if items.iter().any(|i| i.as_str().is_none()) {
        return;
    }
    if items
        .iter()
        .any(|i| i.as_str().as_deref() == Some("secrets"))
    {
        return;
    }
    let finding = cx.report(
        resource,
        IssueKind::IncorrectValue,
        &attr.value_location,
        format!(
            "EKS cluster does not encrypt Kubernetes secrets (`resources = {}`)",
            attr.value.to_hcl()
        ),
    );
    attach_fix(
        finding,
        set_attribute(config, &attr.name, "[\"secrets\"]"),
        ADVICE,
        |fix| {
            fix.with_applicability(Applicability::Review)
                .with_title("Encrypt secrets with the configured KMS key")
                .with_note(NOTE)
        },
    );
}

/// A free name for the new key in the cluster's module: `<cluster>_secrets`, then
/// `<cluster>_secrets_2`, ...
fn key_name(evaluation: &driftless_hcl::Evaluation, cluster: &Resource) -> String {
    let module = &evaluation.module_of(cluster).module;
    let taken = |name: &str| {
        module
            .resources
            .iter()
            .any(|d| d.resource_type == KEY && d.name == name)
    };
    numbered_name(format!("{}_secrets", cluster.address.name), taken)
}

/// The edits that add `encryption_config` to the cluster and a new key after it.
fn plan_new_key(
    evaluation: &driftless_hcl::Evaluation,
    cluster: &Resource,
) -> Result<EditPlan, PlanError> {
    let block = &cluster.block;
    let name = key_name(evaluation, cluster);
    let source_of = |attr: &str| {
        block.attribute(attr).map(|a| {
            let range = a.value_location.range;
            block.file.text[range.start as usize..range.end as usize].to_owned()
        })
    };
    let (meta, arn) = if let Some(count) = source_of("count") {
        (
            format!("count = {count}"),
            format!("{KEY}.{name}[count.index].arn"),
        )
    } else if let Some(for_each) = source_of("for_each") {
        (
            format!("for_each = {for_each}"),
            format!("{KEY}.{name}[each.key].arn"),
        )
    } else {
        (String::new(), format!("{KEY}.{name}.arn"))
    };
    let config = insert_block(
        block,
        &["encryption_config"],
        &[("resources", "[\"secrets\"]".to_owned())],
    )?;
    // `provider { key_arn = ... }` goes inside the new block, after `resources`.
    let ci = &block.layout.child_indent;
    let config = with_provider(config, ci, &arn);
    let indent = &block.layout.indent;
    let inner = format!("{indent}  ");
    let meta = if meta.is_empty() {
        String::new()
    } else {
        format!("{inner}{meta}\n\n")
    };
    let key = format!(
        "{indent}resource \"{KEY}\" \"{name}\" {{\n{meta}{inner}description             = \"Envelope encryption of the secrets of EKS cluster {}\"\n{inner}enable_key_rotation     = true\n{inner}deletion_window_in_days = 30\n{indent}}}",
        cluster.address.name
    );
    let after = insert_after(block, &key)?;
    let mut planned = EditPlan::local(config);
    planned.edits.push(after);
    Ok(planned)
}

/// `edit` (the insertion of `encryption_config { resources = ... }` at indent `ci`) with a
/// `provider { key_arn = arn }` block before the block's closing brace.
fn with_provider(mut edit: Edit, ci: &str, arn: &str) -> Edit {
    let close = format!("\n{ci}}}");
    if let Some(at) = edit.content.rfind(&close) {
        let provider = format!("\n\n{ci}  provider {{\n{ci}    key_arn = {arn}\n{ci}  }}");
        edit.content.insert_str(at, &provider);
    }
    edit
}
