//! `aws-s3-tls-only`: every S3 bucket policy denies requests that do not use TLS.

use super::companion::{self, BUCKET, Body, Companions, MissingCompanion, bucket_reference};
use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, IssueKind, ResourceMode, Severity};
use driftless_hcl::{AttributeView, BlockView, Evaluation, Kind, Resource, Value};

declare_rule! {
    /// ## What it checks
    /// Every `aws_s3_bucket` has a bucket policy with a statement that denies requests made
    /// without TLS: `Effect` `"Deny"` with the condition `Bool` (or `BoolIfExists`)
    /// `aws:SecureTransport` `"false"`. The policy is the `policy` of an
    /// `aws_s3_bucket_policy` of the same module whose `bucket` refers to the bucket (or the
    /// bucket's own `policy`, AWS provider 3 and earlier), read as `jsonencode({...})`, as a
    /// JSON string or heredoc, or as the `json` of an `aws_iam_policy_document` data source of
    /// the module (its `statement` blocks, `effect`, and `condition` with `test`, `variable`
    /// and `values`). A policy that is not known before apply (built from a template, a
    /// module output, a document that merges other documents), or a bucket whose policy
    /// resource may exist (its `bucket` is not known), is not reported.
    ///
    /// ## Why it matters
    /// S3 accepts plain HTTP requests unless a policy refuses them: a client misconfigured to
    /// use `http://` (an old SDK setting, a hand-written URL) then sends credentials-signed
    /// requests and object data in clear text, readable and alterable on the network path. A
    /// statement denying `aws:SecureTransport = false` makes S3 refuse every such request, so
    /// the mistake fails loudly instead of leaking
    /// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html>,
    /// <https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule>).
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
    /// resource "aws_s3_bucket_policy" "data" {
    ///   bucket = aws_s3_bucket.data.id
    ///   policy = jsonencode({
    ///     Version = "2012-10-17"
    ///     Statement = [{
    ///       Sid       = "DenyInsecureTransport"
    ///       Effect    = "Deny"
    ///       Principal = "*"
    ///       Action    = "s3:*"
    ///       Resource  = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
    ///       Condition = {
    ///         Bool = { "aws:SecureTransport" = "false" }
    ///       }
    ///     }]
    ///   })
    /// }
    /// ```
    ///
    /// ## Fix
    /// When the bucket has no policy, inserts an `aws_s3_bucket_policy` after the bucket's
    /// block, referring to it (with the bucket's `count`, or iterating over its `for_each`
    /// instances), whose `jsonencode` policy holds the statement above. A bucket can have only
    /// one policy, so when it has one, the finding points at that policy and recommends adding
    /// the statement to it. When the bucket's file declares a policy for the bucket that has
    /// no instance here (its `count` or `for_each` is empty), the finding recommends switching
    /// that one on.
    ///
    /// ## Fix safety
    /// `review`: clients that still use plain HTTP get `403 Access Denied` on every request.
    /// Check the server access logs or CloudTrail data events for requests without TLS first.
    /// And a bucket has a single policy: if a policy was attached outside this configuration
    /// (the console, another stack), the inserted one replaces it when applied, with whatever
    /// access it granted. A bucket whose public access block sets `block_public_policy` keeps
    /// accepting this policy, which grants nothing.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html>
    /// - <https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_policy>
    /// - Security Hub FSBP `S3.5`; Prowler `s3_bucket_secure_transport_policy`
    /// - Not cross-referenced: Checkov has no Terraform check for this requirement alone
    ///   (`CKV_AWS_379` looks at the transport policy only of buckets whose ACL is public, and
    ///   reports the `aws_s3_bucket_acl`), and Trivy has none. KICS
    ///   `4bc4dd4c-7d8d-405e-a0fb-57fa4c31b4d9` (S3 bucket policy accepts HTTP requests)
    ///   reports policies rather than buckets, and its test files are not in the corpus this
    ///   rule was checked against.
    pub struct TlsOnly {
        id: "aws-s3-tls-only",
        title: "S3 bucket policies deny requests that do not use TLS",
        severity: Severity::Medium,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &[BUCKET],
        fix: FixAvailability::Sometimes,
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html",
            "https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_policy",
        ],
        cross_refs: CrossRefs {
            checkov: &[],
            trivy: &[],
            kics: &[],
            prowler: &["s3_bucket_secure_transport_policy"],
            security_hub: &["S3.5"],
            terrascan: &[],
        },
        check: tls_only,
    }
}

/// The split-out policy resource type.
const POLICY: &str = "aws_s3_bucket_policy";

/// The data source that renders policy documents.
const DOCUMENT: &str = "aws_iam_policy_document";

const TITLE: &str = "Deny requests that do not use TLS";
const NOTE: &str = "Clients that still use plain HTTP get 403 Access Denied. A bucket has one policy: one attached outside this configuration is replaced by this one when applied.";

/// How to add the statement to an existing policy.
const ADD_STATEMENT: &str = "A bucket has a single policy, so add this statement to it: `{ Sid = \"DenyInsecureTransport\", Effect = \"Deny\", Principal = \"*\", Action = \"s3:*\", Resource = [<bucket ARN>, \"<bucket ARN>/*\"], Condition = { Bool = { \"aws:SecureTransport\" = \"false\" } } }` (in an `aws_iam_policy_document`: a `statement` with `effect = \"Deny\"` and a `condition` with `test = \"Bool\"`, `variable = \"aws:SecureTransport\"`, `values = [\"false\"]`). Clients that still use plain HTTP then get 403 Access Denied.";

/// Whether `s` names the condition key `aws:SecureTransport` (keys are case-insensitive).
fn is_secure_transport(s: &str) -> bool {
    s.eq_ignore_ascii_case("aws:SecureTransport")
}

/// Whether `s` is a condition operator that compares booleans.
fn is_bool_operator(s: &str) -> bool {
    s == "Bool" || s == "BoolIfExists"
}

/// Whether a condition value (`"false"`, `false`, `["false"]`) holds false; `None` when not
/// known.
fn holds_false(v: &Value) -> Option<bool> {
    match &v.kind {
        Kind::List(items) => {
            let mut unknown = false;
            for item in items {
                match item.as_bool() {
                    Some(false) => return Some(true),
                    Some(true) => {}
                    None => unknown |= item.is_unknown(),
                }
            }
            (!unknown).then_some(false)
        }
        Kind::Unknown => None,
        _ => Some(v.as_bool() == Some(false)),
    }
}

/// Whether a policy document denies requests without TLS: `Some(true)` when a statement does,
/// `Some(false)` when the document is known enough to say none does, `None` otherwise.
#[must_use]
pub fn document_denies_plain_http(document: &Value) -> Option<bool> {
    let map = match &document.kind {
        Kind::Object(map) => map,
        Kind::Unknown => return None,
        _ => return Some(false),
    };
    let Some(statements) = map.get("Statement") else {
        return Some(false);
    };
    let statements: Vec<&Value> = match &statements.kind {
        Kind::List(items) => items.iter().collect(),
        Kind::Unknown => return None,
        _ => vec![statements],
    };
    let mut unknown = false;
    for statement in statements {
        match statement_denies_plain_http(statement) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => unknown = true,
        }
    }
    (!unknown).then_some(false)
}

/// One JSON statement: `Effect` `"Deny"` with a `Bool` condition on `aws:SecureTransport`
/// that holds false.
fn statement_denies_plain_http(statement: &Value) -> Option<bool> {
    let map = match &statement.kind {
        Kind::Object(map) => map,
        Kind::Unknown => return None,
        _ => return Some(false),
    };
    match map.get("Effect") {
        None => return Some(false),
        Some(effect) => match effect.as_str() {
            Some(e) if e == "Deny" => {}
            None if effect.is_unknown() => return None,
            // Another effect, or one that is not a string.
            _ => return Some(false),
        },
    }
    let Some(condition) = map.get("Condition") else {
        return Some(false);
    };
    let operators = match &condition.kind {
        Kind::Object(operators) => operators,
        Kind::Unknown => return None,
        _ => return Some(false),
    };
    let mut unknown = false;
    for (operator, keys) in operators {
        if !is_bool_operator(operator) {
            continue;
        }
        let keys = match &keys.kind {
            Kind::Object(keys) => keys,
            Kind::Unknown => {
                unknown = true;
                continue;
            }
            _ => continue,
        };
        for (key, value) in keys {
            if is_secure_transport(key) {
                match holds_false(value) {
                    Some(true) => return Some(true),
                    Some(false) => {}
                    None => unknown = true,
                }
            }
        }
    }
    (!unknown).then_some(false)
}

/// Whether an `aws_iam_policy_document` data source has a `statement` denying requests
/// without TLS (`effect` defaults to `"Allow"`).
fn data_document_denies_plain_http(document: &BlockView) -> Option<bool> {
    let mut unknown = document.may_have_block("statement");
    for statement in document.blocks_of("statement") {
        match statement_block_denies_plain_http(statement) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => unknown = true,
        }
    }
    // Documents merged in may hold the statement.
    unknown |= [
        "source_policy_documents",
        "override_policy_documents",
        "source_json",
        "override_json",
    ]
    .iter()
    .any(|a| document.value(a).is_some_and(|v| !v.is_null()));
    (!unknown).then_some(false)
}

fn statement_block_denies_plain_http(statement: &BlockView) -> Option<bool> {
    match statement.value("effect") {
        None => return Some(false),
        Some(v) if v.is_null() => return Some(false),
        Some(v) => match v.as_str() {
            Some(e) if e == "Deny" => {}
            Some(_) => return Some(false),
            None => return None,
        },
    }
    let mut unknown = statement.may_have_block("condition");
    for condition in statement.blocks_of("condition") {
        // Both are required; a condition without them is invalid, not unknown.
        let (Some(test), Some(variable)) = (condition.value("test"), condition.value("variable"))
        else {
            continue;
        };
        let (Some(test), Some(variable)) = (test.as_str(), variable.as_str()) else {
            unknown = true;
            continue;
        };
        if !is_bool_operator(&test) || !is_secure_transport(&variable) {
            continue;
        }
        match condition.value("values").map(holds_false) {
            Some(Some(true)) => return Some(true),
            Some(None) => unknown = true,
            _ => {}
        }
    }
    (!unknown).then_some(false)
}

/// Whether the policy in `attr` (of a resource of `owner`'s module instance) denies requests
/// without TLS; `None` when that is not known.
fn policy_denies_plain_http(
    evaluation: &Evaluation,
    owner: &Resource,
    attr: &AttributeView,
) -> Option<bool> {
    if attr.value.is_null() {
        return Some(false);
    }
    if let Some(encoded) = &attr.encoded {
        return document_denies_plain_http(encoded);
    }
    if let Some(text) = attr.value.as_str() {
        let json = serde_json::from_str::<serde_json::Value>(&text).ok()?;
        return document_denies_plain_http(&Value::from_json(&json));
    }
    // `data.aws_iam_policy_document.<name>.json`.
    let prefix = format!("data.{DOCUMENT}.");
    let [reference] = attr.references.as_slice() else {
        return None;
    };
    let name = reference.strip_prefix(&prefix)?;
    let mut verdict = None;
    for document in evaluation
        .siblings(owner, DOCUMENT)
        .filter(|d| d.address.mode == ResourceMode::Data && d.address.name == name)
    {
        match data_document_denies_plain_http(&document.block) {
            Some(true) => verdict = verdict.or(Some(true)),
            Some(false) => verdict = Some(false),
            None => return None,
        }
    }
    verdict
}

/// Renders the `jsonencode` policy the fix inserts, for a companion of `bucket` whose
/// attributes are indented by `indent`.
fn tls_policy(bucket: &Resource, indent: &str) -> String {
    let arn = bucket_reference(bucket, "arn");
    let i1 = format!("{indent}  ");
    let i2 = format!("{indent}    ");
    let i3 = format!("{indent}      ");
    [
        "jsonencode({".to_owned(),
        format!("{i1}Version = \"2012-10-17\""),
        format!("{i1}Statement = [{{"),
        format!("{i2}Sid       = \"DenyInsecureTransport\""),
        format!("{i2}Effect    = \"Deny\""),
        format!("{i2}Principal = \"*\""),
        format!("{i2}Action    = \"s3:*\""),
        format!("{i2}Resource  = [{arn}, \"${{{arn}}}/*\"]"),
        format!("{i2}Condition = {{"),
        format!("{i3}Bool = {{ \"aws:SecureTransport\" = \"false\" }}"),
        format!("{i2}}}"),
        format!("{i1}}}]"),
        format!("{indent}}})"),
    ]
    .join("\n")
}

/// `aws-s3-tls-only`
fn tls_only(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    let evaluation = cx.evaluation;
    // Provider 3 and earlier: the bucket's own `policy`.
    if let Some(policy) = block.attribute("policy") {
        if policy_denies_plain_http(evaluation, resource, policy) == Some(false) {
            let finding = cx.report(
                resource,
                IssueKind::IncorrectValue,
                &policy.value_location,
                "Bucket accepts requests over plain HTTP (its policy does not deny `aws:SecureTransport = false`)",
            );
            finding.recommendation = Some(ADD_STATEMENT.to_owned());
        }
        return;
    }
    match companion::find(evaluation, resource, POLICY) {
        Companions::Unknown => {}
        Companions::Found(policies) => {
            let mut lacking = None;
            for policy in policies {
                let Some(attr) = policy.block.attribute("policy") else {
                    continue;
                };
                match policy_denies_plain_http(evaluation, policy, attr) {
                    Some(true) | None => return,
                    Some(false) => {
                        lacking.get_or_insert((policy, attr));
                    }
                }
            }
            let Some((policy, attr)) = lacking else {
                return;
            };
            let finding = cx.report(
                resource,
                IssueKind::IncorrectValue,
                &attr.value_location,
                format!(
                    "Bucket accepts requests over plain HTTP (`{}` does not deny `aws:SecureTransport = false`)",
                    policy.address
                ),
            );
            finding.recommendation = Some(ADD_STATEMENT.to_owned());
        }
        Companions::None => {
            let indent = format!("{}  ", block.layout.indent);
            let policy = tls_policy(resource, &indent);
            let attributes = [("policy", policy.as_str())];
            companion::report_missing(
                cx,
                resource,
                &MissingCompanion {
                    resource_type: POLICY,
                    suffix: "policy",
                    body: Body::Attributes(&attributes),
                    message: "Bucket accepts requests over plain HTTP (no bucket policy denies `aws:SecureTransport = false`)",
                    advice: "Add an `aws_s3_bucket_policy` for the bucket whose policy denies requests with `aws:SecureTransport = false`.",
                    applicability: Applicability::Review,
                    title: TITLE,
                    note: NOTE,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::document_denies_plain_http;
    use driftless_hcl::Value;

    fn doc(s: &str) -> Value {
        Value::from_json(&serde_json::from_str(s).unwrap())
    }

    #[test]
    fn reads_statement_shapes() {
        assert_eq!(
            document_denies_plain_http(&doc(
                r#"{"Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}}"#
            )),
            Some(true)
        );
        assert_eq!(
            document_denies_plain_http(&doc(
                r#"{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}, {"Effect": "Deny", "Condition": {"BoolIfExists": {"aws:securetransport": [false]}}}]}"#
            )),
            Some(true)
        );
        // An Allow on `aws:SecureTransport = true` does not stop other statements allowing HTTP.
        assert_eq!(
            document_denies_plain_http(&doc(
                r#"{"Statement": [{"Effect": "Allow", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}"#
            )),
            Some(false)
        );
        assert_eq!(
            document_denies_plain_http(&doc(r#"{"Version": "2012-10-17"}"#)),
            Some(false)
        );
        assert_eq!(
            document_denies_plain_http(&Value::new(driftless_hcl::Kind::Unknown)),
            None
        );
    }
}
