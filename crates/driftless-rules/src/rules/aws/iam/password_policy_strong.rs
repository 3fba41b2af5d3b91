//! `aws-iam-password-policy-strong`: the account password policy asks for long, complex,
//! expiring and non-reused passwords.

use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, Edit, IssueKind, Severity};
use driftless_hcl::edit::{EditPlan, PlanError, insert_attributes, set_attribute};
use driftless_hcl::{BlockView, Resource, Value};

declare_rule! {
    /// ## What it checks
    /// `aws_iam_account_password_policy` blocks that do not ask for all of:
    /// - `minimum_password_length` of at least 14 (when absent, IAM uses 6);
    /// - `require_uppercase_characters`, `require_lowercase_characters`, `require_numbers` and
    ///   `require_symbols` set to `true` (each is `false` when absent);
    /// - `password_reuse_prevention` of 24, the most IAM allows (when absent, passwords may be
    ///   reused at once);
    /// - `max_password_age` from 1 to 90 days (when absent or `0`, passwords never expire).
    ///
    /// The defaults are those of `UpdateAccountPasswordPolicy`
    /// (<https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html>).
    /// The length and reuse thresholds are those of the CIS AWS Foundations Benchmark (1.8,
    /// length 14; 1.9, reuse 24), and the 90-day expiry is the one Checkov and Prowler check.
    /// The rule reports one finding per policy that lists every weak setting; a setting whose
    /// value is not known before apply is not judged.
    ///
    /// ## Why it matters
    /// IAM user passwords open the console, often with broad permissions. Short passwords
    /// without character classes fall to guessing and to cracking of leaked hashes; passwords
    /// that never expire stay valid for years after they leak; and without reuse prevention
    /// an expired password can be set again at once
    /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_iam_account_password_policy" "this" {
    ///   minimum_password_length = 8
    ///   require_numbers         = true
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_iam_account_password_policy" "this" {
    ///   minimum_password_length      = 14
    ///   require_numbers              = true
    ///   require_uppercase_characters = true
    ///   require_lowercase_characters = true
    ///   require_symbols              = true
    ///   password_reuse_prevention    = 24
    ///   max_password_age             = 90
    /// }
    /// ```
    ///
    /// ## Fix
    /// One fix with an edit per weak setting: the value is replaced where it is set (the
    /// block, a variable default, a `.tfvars` entry or the calling module's argument), and the
    /// missing settings are inserted together, aligned, at the end of the block. When one of
    /// the values cannot be edited (it is computed, or set in a fetched module), the finding
    /// gets a recommendation instead. Length, character classes and reuse prevention apply
    /// only when a user next changes their password, so a fix without `max_password_age` is
    /// `safe`: nobody is locked out and nothing else changes.
    ///
    /// ## Fix safety
    /// `review` when the fix sets `max_password_age`: passwords older than 90 days expire at
    /// once, and their users must choose a new one at their next console sign-in. With
    /// `hard_expiry = true` they cannot: an administrator must reset each of those passwords.
    /// Access keys are not affected. Tell the users first, or set a longer maximum age and
    /// lower it step by step.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html>
    /// - <https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-7>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy>
    /// - CIS AWS Foundations Benchmark 1.8 and 1.9; Security Hub FSBP `IAM.7`; Checkov
    ///   `CKV_AWS_9` (maximum age), `CKV_AWS_10` (length), `CKV_AWS_11` (lowercase),
    ///   `CKV_AWS_12` (numbers), `CKV_AWS_13` (reuse), `CKV_AWS_14` (symbols), `CKV_AWS_15`
    ///   (uppercase); KICS `0df2ce76-ba56-445a-89f8-5ba34b7fafe3` (numbers),
    ///   `2c3d4ghwt-e5f6-7890-ab12-cd34ef567890` (uppercase),
    ///   `ce60d060-efb8-4bfd-9cf7-ff8945d00d90` (expiration); Prowler
    ///   `iam_password_policy_minimum_length_14`, `iam_password_policy_uppercase`,
    ///   `iam_password_policy_lowercase`, `iam_password_policy_number`,
    ///   `iam_password_policy_symbol`, `iam_password_policy_reuse_24`,
    ///   `iam_password_policy_expires_passwords_within_90_days_or_less`
    /// - Not cross-referenced: Trivy `AVD-AWS-0056`, `AVD-AWS-0058` to `AVD-AWS-0063`, one
    ///   check per setting, each pointing at its own attribute's line; this rule gives one
    ///   finding per policy, at the weak value when only one is weak and at the block's
    ///   header otherwise, so a policy weak in several ways gets its finding outside the
    ///   one-line range of each Trivy result. Trivy's `AVD-AWS-0056` also accepts a reuse
    ///   prevention of 5.
    /// - Differences kept on purpose: the KICS negative examples of its per-setting queries
    ///   are weak in other ways (no reuse prevention, no expiry), which this rule reports.
    /// - Terrascan `AC_AWS_0141` (`AWS.Iam.IAM.Medium.0495`), `AC_AWS_0142`
    ///   (`AWS.Iam.IAM.Medium.0458`), `AC_AWS_0135` (`AWS.Iam.IAM.Medium.0457`), `AC_AWS_0134`
    ///   (`AWS.Iam.IAM.Medium.0454`), `AC_AWS_0136` (`AWS.Iam.IAM.Medium.0455`), `AC_AWS_0137`
    ///   (`AWS.Iam.IAM.Medium.0456`), `AC_AWS_0472` (`AWS.Iam.IAM.Low.0539`), `AC_AWS_0138`
    ///   (`AWS.Iam.IAM.Low.0540`)
    pub struct PasswordPolicyStrong {
        id: "aws-iam-password-policy-strong",
        title: "The IAM account password policy is strong",
        severity: Severity::Medium,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_iam_account_password_policy"],
        fix: FixAvailability::Sometimes,
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
            "https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-7",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy",
        ],
        cross_refs: CrossRefs {
            checkov: &[
                "CKV_AWS_9",
                "CKV_AWS_10",
                "CKV_AWS_11",
                "CKV_AWS_12",
                "CKV_AWS_13",
                "CKV_AWS_14",
                "CKV_AWS_15",
            ],
            trivy: &[],
            kics: &[
                "0df2ce76-ba56-445a-89f8-5ba34b7fafe3",
                "2c3d4ghwt-e5f6-7890-ab12-cd34ef567890",
                "ce60d060-efb8-4bfd-9cf7-ff8945d00d90",
            ],
            prowler: &[
                "iam_password_policy_minimum_length_14",
                "iam_password_policy_uppercase",
                "iam_password_policy_lowercase",
                "iam_password_policy_number",
                "iam_password_policy_symbol",
                "iam_password_policy_reuse_24",
                "iam_password_policy_expires_passwords_within_90_days_or_less",
            ],
            security_hub: &["IAM.7"],
            terrascan: &["AC_AWS_0141", "AWS.Iam.IAM.Medium.0495", "AC_AWS_0142", "AWS.Iam.IAM.Medium.0458", "AC_AWS_0135", "AWS.Iam.IAM.Medium.0457", "AC_AWS_0134", "AWS.Iam.IAM.Medium.0454", "AC_AWS_0136", "AWS.Iam.IAM.Medium.0455", "AC_AWS_0137", "AWS.Iam.IAM.Medium.0456", "AC_AWS_0472", "AWS.Iam.IAM.Low.0539", "AC_AWS_0138", "AWS.Iam.IAM.Low.0540"],
        },
        check: password_policy_strong,
    }
}

/// One setting of the policy and what it must hold.
struct Setting {
    /// The attribute.
    attribute: &'static str,
    /// Whether a known value is acceptable (`None`: cannot judge).
    accepts: fn(&Value) -> Option<bool>,
    /// What is weak when the attribute is absent.
    absent: &'static str,
    /// What is weak when the value is refused (`{}` is the value).
    wrong: &'static str,
    /// The HCL the fix writes.
    fix: &'static str,
}

fn at_least(v: &Value, min: f64) -> Option<bool> {
    v.as_number().map(|n| n >= min)
}

const SETTINGS: &[Setting] = &[
    Setting {
        attribute: "minimum_password_length",
        accepts: |v| at_least(v, 14.0),
        absent: "minimum length 6 (the default)",
        wrong: "minimum length {} (fewer than 14)",
        fix: "14",
    },
    Setting {
        attribute: "require_uppercase_characters",
        accepts: Value::as_bool,
        absent: "uppercase letters not required",
        wrong: "uppercase letters not required",
        fix: "true",
    },
    Setting {
        attribute: "require_lowercase_characters",
        accepts: Value::as_bool,
        absent: "lowercase letters not required",
        wrong: "lowercase letters not required",
        fix: "true",
    },
    Setting {
        attribute: "require_numbers",
        accepts: Value::as_bool,
        absent: "numbers not required",
        wrong: "numbers not required",
        fix: "true",
    },
    Setting {
        attribute: "require_symbols",
        accepts: Value::as_bool,
        absent: "symbols not required",
        wrong: "symbols not required",
        fix: "true",
    },
    Setting {
        attribute: "password_reuse_prevention",
        accepts: |v| at_least(v, 24.0),
        absent: "password reuse not prevented",
        wrong: "only the last {} passwords cannot be reused (fewer than 24)",
        fix: "24",
    },
    Setting {
        attribute: "max_password_age",
        accepts: |v| v.as_number().map(|n| (1.0..=90.0).contains(&n)),
        absent: "passwords never expire",
        wrong: "passwords expire after {} days (more than 90)",
        fix: "90",
    },
];

const MAX_AGE: &str = "max_password_age";

/// One weak setting of one policy.
struct Weakness<'a> {
    setting: &'static Setting,
    /// The attribute, when set.
    attr: Option<&'a driftless_hcl::AttributeView>,
    /// How it reads in the message.
    text: String,
}

/// The weak settings of `block`; settings whose value is not known are left out.
fn weaknesses(block: &BlockView) -> Vec<Weakness<'_>> {
    let mut out = Vec::new();
    for setting in SETTINGS {
        match block.attribute(setting.attribute) {
            None => out.push(Weakness {
                setting,
                attr: None,
                text: setting.absent.to_owned(),
            }),
            Some(attr) if attr.value.is_null() => out.push(Weakness {
                setting,
                attr: Some(attr),
                text: setting.absent.to_owned(),
            }),
            Some(attr) => {
                if (setting.accepts)(&attr.value) == Some(false) {
                    let never = setting.attribute == MAX_AGE
                        && attr.value.as_number().is_some_and(|n| n <= 0.0);
                    let text = if never {
                        setting.absent.to_owned()
                    } else {
                        setting.wrong.replace("{}", &attr.value.to_hcl())
                    };
                    out.push(Weakness {
                        setting,
                        attr: Some(attr),
                        text,
                    });
                }
            }
        }
    }
    out
}

/// Why the weak settings of a policy cannot be fixed together.
#[derive(Debug, thiserror::Error)]
enum PolicyPlanError {
    /// Two weak settings take their value from one place.
    #[error(
        "`{attribute}` takes its value from a place another weak setting also uses, so no single edit fixes both."
    )]
    SharedOrigin {
        /// The second setting found at that place.
        attribute: String,
    },
    /// One setting cannot be edited.
    #[error(transparent)]
    Plan(#[from] PlanError),
}

/// The edits that fix every weakness: values replaced where they are set, missing
/// attributes inserted in one aligned group.
///
/// # Errors
/// Why one of the values cannot be edited, or two edits would overlap (two settings that
/// take their value from the same variable).
fn plan(block: &BlockView, weak: &[Weakness<'_>]) -> Result<EditPlan, PolicyPlanError> {
    let mut edits: Vec<Edit> = Vec::new();
    let mut origin = None;
    let mut missing = Vec::new();
    for w in weak {
        match w.attr {
            None => missing.push((w.setting.attribute, w.setting.fix.to_owned())),
            Some(attr) => {
                let planned = set_attribute(block, &attr.name, w.setting.fix)?;
                for edit in planned.edits {
                    if edits
                        .iter()
                        .any(|e| e.path == edit.path && e.range == edit.range)
                    {
                        return Err(PolicyPlanError::SharedOrigin {
                            attribute: attr.name.clone(),
                        });
                    }
                    edits.push(edit);
                }
                origin = origin.or(planned.origin);
            }
        }
    }
    if !missing.is_empty() {
        edits.push(insert_attributes(block, &missing)?);
    }
    Ok(EditPlan { edits, origin })
}

/// `aws-iam-password-policy-strong`
fn password_policy_strong(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    let weak = weaknesses(block);
    if weak.is_empty() {
        return;
    }
    let list = weak
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let message = format!("Password policy is weak: {list}");
    let finding = if let [
        Weakness {
            attr: Some(attr), ..
        },
    ] = weak.as_slice()
    {
        cx.report(
            resource,
            IssueKind::IncorrectValue,
            &attr.value_location,
            message,
        )
    } else {
        let kind = if weak.iter().any(|w| w.attr.is_none()) {
            IssueKind::MissingAttribute
        } else {
            IssueKind::IncorrectValue
        };
        cx.report(resource, kind, &block.header, message)
    };
    let expires = weak.iter().any(|w| w.setting.attribute == MAX_AGE);
    let hard_expiry = block
        .value("hard_expiry")
        .is_some_and(|v| v.as_bool() == Some(true));
    attach_fix(
        finding,
        plan(block, &weak),
        "Set the weak settings to: minimum length 14, every character class required, reuse prevention 24, maximum age 90 days.",
        |fix| {
            let fix = fix.with_title("Strengthen the password policy");
            if !expires {
                return fix.with_applicability(Applicability::Safe).with_note(
                    "The new rules apply when each user next changes their password; nobody is locked out.",
                );
            }
            let mut note = String::from(
                "Passwords older than 90 days expire at once: their users must choose a new one at their next console sign-in.",
            );
            if hard_expiry {
                note.push_str(" With `hard_expiry = true` they cannot: an administrator must reset each of those passwords.");
            }
            fix.with_applicability(Applicability::Review)
                .with_note(note)
        },
    );
}
