//! `aws-lambda-permission-restricted-principal`: Lambda permissions name who may invoke the
//! function, down to the resource.

use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{CrossRefs, IssueKind, Severity};
use driftless_hcl::Resource;

declare_rule! {
    /// ## What it checks
    /// `aws_lambda_permission` blocks that let more callers invoke the function than the one
    /// they were written for:
    /// - `principal = "*"` without `source_arn` or `principal_org_id`: anyone, in any account
    ///   (`source_account` alone only requires the call to come from a service acting for
    ///   that account, so it is not enough); a function URL with `function_url_auth_type =
    ///   "NONE"` is reported as such;
    /// - a service principal (`*.amazonaws.com`) without `source_arn`: every resource of that
    ///   service may invoke the function, in any account, or with `source_account`, every
    ///   resource of that service in the account (the confused deputy problem:
    ///   <https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html>);
    /// - `principal = "s3.amazonaws.com"` with `source_arn` but without `source_account`: a
    ///   bucket ARN holds no account, so a bucket of the same name, re-created in another
    ///   account after yours is deleted, could invoke the function.
    ///
    /// Account and role principals (`111122223333`, `arn:aws:iam::...`) are not reported. A
    /// principal or condition unknown before apply is not reported.
    ///
    /// ## Why it matters
    /// A Lambda permission is a statement of the function's resource-based policy. A public
    /// one lets anyone on the internet who learns the function's ARN invoke it, run its code
    /// with its role's permissions and run up its bill. A service principal without a source
    /// lets another customer's bucket, topic or rule invoke your function through the service,
    /// feeding it events it trusts
    /// (<https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html>).
    /// Security Hub control Lambda.1 fails public function policies, and S3 permissions
    /// without a source account
    /// (<https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-1>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_lambda_permission" "sns" {
    ///   action        = "lambda:InvokeFunction"
    ///   function_name = aws_lambda_function.worker.function_name
    ///   principal     = "sns.amazonaws.com"
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_lambda_permission" "sns" {
    ///   action        = "lambda:InvokeFunction"
    ///   function_name = aws_lambda_function.worker.function_name
    ///   principal     = "sns.amazonaws.com"
    ///   source_arn    = aws_sns_topic.jobs.arn
    /// }
    /// ```
    ///
    /// ## Fix
    /// None: the resource that should invoke the function (the topic, bucket, rule or API),
    /// or the account and organization allowed to, is a decision driftless cannot make. The
    /// finding's recommendation says which argument to add.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-1>
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/lambda-function-public-access-prohibited.html>
    /// - Security Hub FSBP `Lambda.1`; Checkov `CKV_AWS_364`; Trivy `AVD-AWS-0067`
    ///   (`aws-lambda-restrict-source-arn`); Prowler `awslambda_function_not_publicly_accessible`
    /// - Not cross-referenced: Checkov `CKV_AWS_301` and KICS
    ///   `e08ed7eb-f3ef-494d-9d22-2e3db756a347` (`lambda_permission_principal_is_wildcard`) fail
    ///   every `principal = "*"`, also when `source_arn` or `principal_org_id` restricts it,
    ///   which driftless does not report. A `checkov:skip=CKV_AWS_301` silences this rule all
    ///   the same: it is the author's decision about the same `principal`.
    pub struct PermissionRestrictedPrincipal {
        id: "aws-lambda-permission-restricted-principal",
        title: "Lambda permissions are restricted to the invoking resource or organization",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_lambda_permission"],
        fix: FixAvailability::None,
        references: &[
            "https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-1",
            "https://docs.aws.amazon.com/config/latest/developerguide/lambda-function-public-access-prohibited.html",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_364"],
            trivy: &["AVD-AWS-0067", "AWS-0067", "aws-lambda-restrict-source-arn", "AWS058"],
            kics: &[],
            prowler: &["awslambda_function_not_publicly_accessible"],
            security_hub: &["Lambda.1"],
            terrascan: &[],
        },
        suppressed_by: &["CKV_AWS_301"],
        check: permission_restricted_principal,
    }
}

/// Whether argument `name` of `resource` is set (not absent, not `null`). A value unknown
/// before apply, such as the ARN of a topic this apply creates, is set.
fn set(resource: &Resource, name: &str) -> bool {
    resource.block.value(name).is_some_and(|v| !v.is_null())
}

/// `aws-lambda-permission-restricted-principal`
fn permission_restricted_principal(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    let Some(principal_attr) = block.attribute("principal") else {
        return;
    };
    let Some(principal) = principal_attr.value.as_str() else {
        return;
    };
    let principal = principal.trim().to_owned();
    let source_arn = set(resource, "source_arn");
    let source_account = set(resource, "source_account");
    let org = set(resource, "principal_org_id");
    let (kind, location, message, advice) = if principal == "*" {
        if source_arn || org {
            return;
        }
        let url = block
            .value("function_url_auth_type")
            .and_then(|v| v.as_str().map(|s| s.eq_ignore_ascii_case("NONE")))
            == Some(true);
        let message = if url {
            "Lambda permission makes the function URL public (`principal = \"*\"` and `function_url_auth_type = \"NONE\"`): anyone can invoke the function".to_owned()
        } else if source_account {
            "Lambda permission lets any AWS service acting for the account invoke the function (`principal = \"*\"` with only `source_account`)".to_owned()
        } else {
            "Lambda permission lets anyone invoke the function (`principal = \"*\"` without `source_arn` or `principal_org_id`)".to_owned()
        };
        let advice = if url {
            "Use `function_url_auth_type = \"AWS_IAM\"` and grant `lambda:InvokeFunctionUrl` to the callers' roles, or put the function behind API Gateway or CloudFront with authentication."
        } else {
            "Name the caller: an account or role ARN in `principal`, the service principal with the invoking resource's `source_arn`, or `principal_org_id` for every account of your organization."
        };
        (
            IssueKind::IncorrectValue,
            &principal_attr.value_location,
            message,
            advice,
        )
    } else if let Some(service) = principal.strip_suffix(".amazonaws.com") {
        if !source_arn {
            let scope = if source_account {
                "any resource of the account (`source_account` without `source_arn`)"
            } else {
                "any resource in any account (no `source_arn` or `source_account`)"
            };
            (
                IssueKind::MissingAttribute,
                &block.header,
                format!(
                    "Lambda permission lets `{principal}` invoke the function on behalf of {scope}"
                ),
                "Set `source_arn` to the ARN of the resource that invokes the function (the topic, bucket, rule, API or log group), and `source_account` to its account.",
            )
        } else if service == "s3" && !source_account {
            (
                IssueKind::MissingAttribute,
                &block.header,
                "Lambda permission for Amazon S3 names a bucket but no account (no `source_account`): a bucket of the same name in another account could invoke the function".to_owned(),
                "Set `source_account` to the ID of the account that owns the bucket (for example `data.aws_caller_identity.current.account_id`).",
            )
        } else {
            return;
        }
    } else {
        return;
    };
    let finding = cx.report(resource, kind, location, message);
    finding.recommendation = Some(advice.to_owned());
}
