//! `aws-kms-key-rotation-required`: symmetric encryption KMS keys rotate their key material.

use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::common::{Requirement, is_true, require};
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::Resource;

declare_rule! {
    /// ## What it checks
    /// `aws_kms_key` blocks of symmetric encryption keys whose `enable_key_rotation` is absent
    /// (the provider default is `false`) or `false`. A key is a symmetric encryption key when
    /// `customer_master_key_spec` is absent or `"SYMMETRIC_DEFAULT"` and `key_usage` is absent
    /// or `"ENCRYPT_DECRYPT"`, and it is not in a custom key store (`custom_key_store_id`
    /// unset). Other keys are skipped: AWS supports automatic rotation for symmetric
    /// encryption keys only, not for asymmetric, HMAC or custom key store keys
    /// (<https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html>,
    /// <https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html>). A key
    /// spec or usage that is not known stays silent. (Checkov `CKV_AWS_7` also checks HMAC
    /// keys, which cannot rotate automatically; this rule does not.)
    ///
    /// ## Why it matters
    /// Automatic rotation creates new key material every year (or at the period set with
    /// `rotation_period_in_days`), which limits how much data one key material protects and
    /// how long a leaked copy of it stays useful. The key id, ARN, aliases and policies do not
    /// change, and KMS keeps the former material to decrypt what it encrypted
    /// (<https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys-enable.html>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_kms_key" "logs" {
    ///   description = "log bucket key"
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_kms_key" "logs" {
    ///   description         = "log bucket key"
    ///   enable_key_rotation = true
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `enable_key_rotation = true`, where the value is set (a variable default, a tfvars
    /// entry or a module argument when it comes from there), or adds it. Rotation is
    /// transparent to every caller of the key, so the fix is `safe`; rotated key material can
    /// add to the key's monthly charge (<https://aws.amazon.com/kms/pricing>/).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-4>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key#enable_key_rotation>
    /// - Security Hub FSBP `KMS.4`; Checkov `CKV_AWS_7`; Trivy `AVD-AWS-0065`
    ///   (`aws-kms-auto-rotate-keys`); Prowler `kms_cmk_rotation_enabled`. KICS "CMK rotation
    ///   disabled" (`22fbfeac-7b5a-421a-8a27-7a2178bb910b`) is not cross-referenced: it also
    ///   fails asymmetric keys that set `enable_key_rotation = true`, a different problem.
    /// - Terrascan `AC_AWS_0160` (`AWS.AKK.DP.HIGH.0012`)
    pub struct KeyRotationRequired {
        id: "aws-kms-key-rotation-required",
        title: "Symmetric encryption KMS keys rotate their key material",
        severity: Severity::Medium,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_kms_key"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-4",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key#enable_key_rotation",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_7"],
            trivy: &["AVD-AWS-0065", "AWS-0065", "aws-kms-auto-rotate-keys", "AWS019"],
            kics: &[],
            prowler: &["kms_cmk_rotation_enabled"],
            security_hub: &["KMS.4"],
            terrascan: &["AC_AWS_0160", "AWS.AKK.DP.HIGH.0012"],
        },
        check: key_rotation_required,
    }
}

/// Whether `name` is absent, `null` or one of `defaults`; `None` when it is not known.
fn absent_or(resource: &Resource, name: &str, defaults: &[&str]) -> Option<bool> {
    match resource.block.value(name) {
        None => Some(true),
        Some(v) if v.is_null() => Some(true),
        Some(v) => v.as_str().map(|s| defaults.contains(&s.as_ref())),
    }
}

/// `aws-kms-key-rotation-required`
fn key_rotation_required(cx: &mut Checker<'_>, resource: &Resource) {
    let symmetric = absent_or(resource, "customer_master_key_spec", &["SYMMETRIC_DEFAULT"]);
    let encrypts = absent_or(resource, "key_usage", &["ENCRYPT_DECRYPT"]);
    let aws_kms_store = absent_or(resource, "custom_key_store_id", &[]);
    if symmetric != Some(true) || encrypts != Some(true) || aws_kms_store != Some(true) {
        return;
    }
    require(
        cx,
        resource,
        &resource.block,
        &Requirement {
            attribute: "enable_key_rotation",
            accepts: is_true,
            default_ok: false,
            fix_value: "true",
            absent_message: "KMS key does not rotate its key material (`enable_key_rotation` defaults to false)",
            wrong_message: "KMS key does not rotate its key material (`enable_key_rotation = false`)",
            applicability: Applicability::Safe,
            title: "Enable automatic key rotation",
            note: "Rotation keeps the key id, ARN and aliases and still decrypts older data; rotated key material can add to the key's monthly charge.",
            replaces: false,
        },
    );
}
