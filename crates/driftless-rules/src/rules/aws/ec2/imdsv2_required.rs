//! `aws-ec2-imdsv2-required`: EC2 instances, launch templates and launch configurations require IMDSv2.

use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{CrossRefs, IssueKind, Severity};
use driftless_hcl::Resource;
use driftless_hcl::edit::set_nested;

declare_rule! {
    /// ## What it checks
    /// `aws_instance`, `aws_launch_template` and `aws_launch_configuration` blocks whose
    /// instance metadata service still accepts IMDSv1: `metadata_options.http_tokens` is absent
    /// or null (the provider default is `"optional"`) or not `"required"`, while the metadata endpoint
    /// is not disabled (`http_endpoint = "disabled"` passes).
    ///
    /// ## Why it matters
    /// IMDSv1 answers plain GET requests, so a server-side request forgery bug on the instance
    /// can read the temporary credentials of its role. IMDSv2 requires a session token obtained
    /// with a PUT request, which such bugs cannot send.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_instance" "web" {
    ///   ami           = "ami-0abc"
    ///   instance_type = "t3.micro"
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_instance" "web" {
    ///   ami           = "ami-0abc"
    ///   instance_type = "t3.micro"
    ///
    ///   metadata_options {
    ///     http_tokens = "required"
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `http_tokens = "required"`, adding the `metadata_options` block when it is absent.
    ///
    /// ## Fix safety
    /// `review`: clients that still call IMDSv1 (old AWS SDKs and CLIs, custom scripts that
    /// `curl` the metadata endpoint) stop getting credentials. Check the instance's
    /// `MetadataNoToken` CloudWatch metric is zero first. The change applies in place, without
    /// replacing the instance.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-8>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance#metadata-options>
    /// - Security Hub FSBP `EC2.8`; Checkov `CKV_AWS_79`; Trivy `AVD-AWS-0028`; Prowler `ec2_instance_imdsv2_enabled`
    /// - Terrascan `AC_AWS_0479` (`AC-AWS-NS-IN-M-1172`), `AC_AWS_0487` (`AC-AW-CA-LC-H-0439`)
    pub struct Imdsv2Required {
        id: "aws-ec2-imdsv2-required",
        title: "EC2 instances and launch templates require IMDSv2",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_instance", "aws_launch_template", "aws_launch_configuration"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-8",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_79"],
            trivy: &["AVD-AWS-0028", "AWS-0028", "aws-ec2-enforce-http-token-imds", "AWS079"],
            kics: &[],
            prowler: &["ec2_instance_imdsv2_enabled"],
            security_hub: &["EC2.8"],
            terrascan: &["AC_AWS_0479", "AC-AWS-NS-IN-M-1172", "AC_AWS_0487", "AC-AW-CA-LC-H-0439"],
        },
        check: imdsv2_required,
    }
}

const NOTE: &str = "Clients still on IMDSv1 (old SDKs, scripts that curl the metadata endpoint) stop getting credentials; check the MetadataNoToken metric first.";

/// `aws-ec2-imdsv2-required`
fn imdsv2_required(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    let finding = match block.block("metadata_options") {
        None if block.may_have_block("metadata_options") => return,
        None => cx.report(
            resource,
            IssueKind::MissingAttribute,
            &block.header,
            "Instance metadata service accepts IMDSv1 requests (no `metadata_options`)",
        ),
        Some(options) => {
            if options
                .value("http_endpoint")
                .and_then(driftless_hcl::Value::as_str)
                .is_some_and(|s| s == "disabled")
            {
                return;
            }
            match options.attribute("http_tokens") {
                None => cx.report(resource, IssueKind::MissingAttribute, &options.header, "Instance metadata service accepts IMDSv1 requests (`http_tokens` defaults to \"optional\")"),
                // Null is as if omitted (an `optional(string)` object attribute left unset).
                Some(attr) if attr.value.is_null() => cx.report(resource, IssueKind::MissingAttribute, &attr.value_location, "Instance metadata service accepts IMDSv1 requests (`http_tokens` is null, so it defaults to \"optional\")"),
                Some(attr) => match attr.value.as_str() {
                    Some(s) if s != "required" => {
                        let message = format!("Instance metadata service accepts IMDSv1 requests (`http_tokens = \"{s}\"`)");
                        cx.report(resource, IssueKind::IncorrectValue, &attr.value_location, message)
                    }
                    _ => return,
                },
            }
        }
    };
    let planned = set_nested(block, &["metadata_options"], "http_tokens", "\"required\"");
    attach_fix(
        finding,
        planned,
        "Set `metadata_options { http_tokens = \"required\" }`.",
        |fix| {
            fix.with_applicability(driftless_diagnostics::Applicability::Review)
                .with_title("Require IMDSv2 session tokens")
                .with_note(NOTE)
        },
    );
}
