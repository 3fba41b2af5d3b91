//! `aws-iam-policy-admin-wildcard`: no IAM policy allows every action on every resource.

use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{CrossRefs, IssueKind, Severity};
use driftless_hcl::{Resource, Value};

declare_rule! {
    /// ## What it checks
    /// IAM policies with a statement that allows every action on every resource: `Effect`
    /// `"Allow"`, `Action` `"*"` (alone or in a list) and `Resource` `"*"` (alone or in a
    /// list). It reads the `policy` of `aws_iam_policy`, `aws_iam_role_policy`,
    /// `aws_iam_user_policy` and `aws_iam_group_policy` (a JSON string: a heredoc, a literal or
    /// `jsonencode({...})`), and the `statement` blocks of the `aws_iam_policy_document` data
    /// source (`effect` defaults to `"Allow"`, then `actions` and `resources`). A policy that
    /// is not known before apply (it refers to another resource, or is read from a file) stays
    /// silent; a policy built from a data source is checked at the data source.
    ///
    /// ## Why it matters
    /// `"Action": "*"` on `"Resource": "*"` is full administrator access: whoever holds the
    /// policy (or steals the credentials of the user or role) can read every secret, delete any
    /// resource, and grant themselves or others any further access. AWS recommends granting
    /// only the permissions a task needs
    /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_iam_role_policy" "app" {
    ///   role = aws_iam_role.app.id
    ///   policy = jsonencode({
    ///     Version   = "2012-10-17"
    ///     Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
    ///   })
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_iam_role_policy" "app" {
    ///   role = aws_iam_role.app.id
    ///   policy = jsonencode({
    ///     Version = "2012-10-17"
    ///     Statement = [{
    ///       Effect   = "Allow"
    ///       Action   = ["s3:GetObject", "s3:PutObject"]
    ///       Resource = "arn:aws:s3:::acme-app/*"
    ///     }]
    ///   })
    /// }
    /// ```
    ///
    /// ## Fix
    /// None: the finding carries a recommendation. Deleting or narrowing the policy can break
    /// the service or the people that rely on it, and which actions they need is known only
    /// from what they do. IAM Access Analyzer generates a policy with the actions a user or
    /// role used, from its CloudTrail activity over up to 90 days
    /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_generate-policy.html>);
    /// replace `"*"` with those actions and the resources they act on. Where administrator
    /// access is the intent (a break-glass role), attach the AWS managed
    /// `AdministratorAccess` policy to a role guarded by MFA, and suppress the finding with the
    /// reason.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_generate-policy.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1>
    /// - Security Hub FSBP `IAM.1`; Checkov `CKV_AWS_62` (policy resources), `CKV_AWS_1`
    ///   (`aws_iam_policy_document`); KICS `2f37c4a3-58b9-4afe-8a87-d7f1d2286f84` (IAM
    ///   policies with full privileges); Prowler
    ///   `iam_customer_attached_policy_no_administrative_privileges`,
    ///   `iam_customer_unattached_policy_no_administrative_privileges`,
    ///   `iam_inline_policy_no_administrative_privileges`. Trivy `AVD-AWS-0057`
    ///   (`aws-iam-no-policy-wildcards`) is not cross-referenced: it is deprecated in
    ///   trivy-checks and its Rego body is empty, so current Trivy fails nothing with it (not
    ///   even `"Action": "*"` on `"Resource": "*"`; it fails nothing on terragoat), and what it
    ///   used to fail is broader (any wildcard, such as `s3:*`, or a `*` resource alone), so
    ///   its findings would map to a rule that does not see them.
    /// - Terrascan `AC_AWS_0143` (`AC-AW-IA-H-0392`), `AC_AWS_0144` (`AC-AW-IA-H-1187`),
    ///   `AC_AWS_0147` (`AC-AW-IA-H-1189`), `AC_AWS_0474` (`AC-AW-IA-H-1190`)
    pub struct PolicyAdminWildcard {
        id: "aws-iam-policy-admin-wildcard",
        title: "IAM policies do not allow every action on every resource",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &[
            "aws_iam_policy",
            "aws_iam_role_policy",
            "aws_iam_user_policy",
            "aws_iam_group_policy",
            "data.aws_iam_policy_document",
        ],
        fix: FixAvailability::None,
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_generate-policy.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_62", "CKV_AWS_1"],
            trivy: &[],
            kics: &["2f37c4a3-58b9-4afe-8a87-d7f1d2286f84"],
            prowler: &[
                "iam_customer_attached_policy_no_administrative_privileges",
                "iam_customer_unattached_policy_no_administrative_privileges",
                "iam_inline_policy_no_administrative_privileges",
            ],
            security_hub: &["IAM.1"],
            terrascan: &["AC_AWS_0143", "AC-AW-IA-H-0392", "AC_AWS_0144", "AC-AW-IA-H-1187", "AC_AWS_0147", "AC-AW-IA-H-1189", "AC_AWS_0474", "AC-AW-IA-H-1190"],
        },
        check: policy_admin_wildcard,
    }
}

const MESSAGE: &str =
    "Policy allows every action on every resource (`Action = \"*\"`, `Resource = \"*\"`)";

const RECOMMENDATION: &str = "Deleting or narrowing this policy can break the service or the people that rely on it, so no edit is proposed. Replace `*` with the actions the principal uses and the resources they act on: IAM Access Analyzer generates such a policy from the principal's CloudTrail activity (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_generate-policy.html). If administrator access is intended (a break-glass role), suppress the finding with the reason.";

/// `aws-iam-policy-admin-wildcard`
fn policy_admin_wildcard(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    if resource.resource_type() == "aws_iam_policy_document" {
        for statement in block.blocks_of("statement") {
            if allows_everything(statement) {
                let finding = cx.report(
                    resource,
                    IssueKind::IncorrectValue,
                    &statement.header,
                    MESSAGE,
                );
                finding.recommendation = Some(RECOMMENDATION.to_owned());
                return;
            }
        }
        return;
    }
    let Some(policy) = block.attribute("policy") else {
        return;
    };
    // A `jsonencode({...})` document is read before encoding, so that an unknown part (a
    // bucket ARN in another statement) does not hide a statement allowing everything; unknown
    // parts read as JSON null, which never matches `*`.
    let document = if let Some(encoded) = &policy.encoded {
        encoded.to_json()
    } else {
        let Some(text) = policy.value.as_str() else {
            return;
        };
        let Ok(document) = serde_json::from_str::<serde_json::Value>(&text) else {
            return;
        };
        document
    };
    if document_allows_everything(&document) {
        let finding = cx.report(
            resource,
            IssueKind::IncorrectValue,
            &policy.value_location,
            MESSAGE,
        );
        finding.recommendation = Some(RECOMMENDATION.to_owned());
    }
}

/// Whether a JSON string or list of strings holds `"*"`.
fn json_has_star(value: Option<&serde_json::Value>) -> bool {
    match value {
        Some(serde_json::Value::String(s)) => s == "*",
        Some(serde_json::Value::Array(items)) => items.iter().any(|i| i.as_str() == Some("*")),
        _ => false,
    }
}

/// Whether a policy document (JSON) has a statement allowing `*` on `*`. A statement without
/// `Effect` counts as `Allow`, as Checkov counts it (IAM rejects it).
#[must_use]
pub fn document_allows_everything(document: &serde_json::Value) -> bool {
    let statements: Vec<&serde_json::Value> = match document.get("Statement") {
        Some(serde_json::Value::Array(items)) => items.iter().collect(),
        Some(one @ serde_json::Value::Object(_)) => vec![one],
        _ => return false,
    };
    statements.into_iter().any(|s| {
        s.get("Effect").is_none_or(|e| e.as_str() == Some("Allow"))
            && json_has_star(s.get("Action"))
            && json_has_star(s.get("Resource"))
    })
}

/// Whether a known value is `"*"` or a list holding `"*"`.
fn value_has_star(value: Option<&Value>) -> bool {
    match value {
        Some(v) => match v.as_list() {
            Some(items) => items.iter().any(|i| i.as_str().is_some_and(|s| s == "*")),
            None => v.as_str().is_some_and(|s| s == "*"),
        },
        None => false,
    }
}

/// Whether an `aws_iam_policy_document` `statement` block allows `*` on `*`.
fn allows_everything(statement: &driftless_hcl::BlockView) -> bool {
    let allow = match statement.value("effect") {
        None => true,
        Some(v) if v.is_null() => true,
        Some(v) => v.as_str().is_some_and(|e| e == "Allow"),
    };
    allow
        && value_has_star(statement.value("actions"))
        && value_has_star(statement.value("resources"))
}

#[cfg(test)]
mod tests {
    use super::document_allows_everything;

    #[test]
    fn reads_statement_shapes() {
        let doc = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
        assert!(document_allows_everything(&doc(
            r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#
        )));
        assert!(document_allows_everything(&doc(
            r#"{"Statement": [{"Effect": "Allow", "Action": ["s3:*", "*"], "Resource": ["*"]}]}"#
        )));
        assert!(!document_allows_everything(&doc(
            r#"{"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}"#
        )));
        assert!(!document_allows_everything(&doc(
            r#"{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#
        )));
        assert!(!document_allows_everything(&doc(
            r#"{"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}"#
        )));
    }
}
