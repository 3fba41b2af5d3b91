//! `aws-elb-drop-invalid-headers`: Application Load Balancers drop HTTP headers whose names
//! are not valid.

use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::common::{Requirement, is_true, require};
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::Resource;

declare_rule! {
    /// ## What it checks
    /// `aws_lb` and `aws_alb` blocks of an Application Load Balancer (`load_balancer_type`
    /// absent, its default, or `"application"`) whose `drop_invalid_header_fields` is absent
    /// (the default is `false`) or `false`
    /// (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb#drop_invalid_header_fields>).
    /// Network and Gateway Load Balancers do not parse HTTP and are not checked; a load
    /// balancer type or value unknown before apply is not reported.
    ///
    /// ## Why it matters
    /// Header names outside `[-A-Za-z0-9]+` are not valid for Elastic Load Balancing
    /// (<https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes>).
    /// When the load balancer passes them on, servers behind it may read them differently from
    /// the load balancer and from each other (`Content_Length` against `Content-Length`, a
    /// name with a trailing space), which is how HTTP request smuggling and header injection
    /// attacks slip a second request or a forged header past the load balancer's rules.
    /// Dropping them removes the ambiguity at the edge. Security Hub control ELB.4 requires it
    /// (<https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-4>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_lb" "web" {
    ///   name    = "web"
    ///   subnets = var.public_subnet_ids
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_lb" "web" {
    ///   name                       = "web"
    ///   subnets                    = var.public_subnet_ids
    ///   drop_invalid_header_fields = true
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `drop_invalid_header_fields = true` where the value is set (the block, a variable
    /// default, a `.tfvars` entry or the calling module's argument), or inserts it.
    ///
    /// ## Fix safety
    /// `review`: the change applies in place, but headers whose names hold anything other than
    /// letters, digits and hyphens stop reaching the targets. That includes names with
    /// underscores (`api_key`, `X_Auth_Token`), which some clients and frameworks use: check
    /// the application does not rely on one (the load balancer's access logs do not show
    /// header names, so look at the clients and the application code).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-4>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb#drop_invalid_header_fields>
    /// - Security Hub FSBP `ELB.4`; Checkov `CKV_AWS_131`; Trivy `AVD-AWS-0052`
    ///   (`aws-elb-drop-invalid-headers`); KICS `6e3fd2ed-5c83-4c68-9679-7700d224d379`
    ///   (`alb_not_dropping_invalid_headers`); Prowler `elbv2_alb_drop_invalid_header_fields_enabled`
    pub struct DropInvalidHeaders {
        id: "aws-elb-drop-invalid-headers",
        title: "Application Load Balancers drop invalid HTTP headers",
        severity: Severity::Medium,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_alb", "aws_lb"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-4",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_131"],
            trivy: &["AVD-AWS-0052", "AWS-0052", "aws-elb-drop-invalid-headers", "AWS083"],
            kics: &["6e3fd2ed-5c83-4c68-9679-7700d224d379"],
            prowler: &["elbv2_alb_drop_invalid_header_fields_enabled"],
            security_hub: &["ELB.4"],
            terrascan: &[],
        },
        check: drop_invalid_headers,
    }
}

/// `aws-elb-drop-invalid-headers`
fn drop_invalid_headers(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    let application = match block.value("load_balancer_type") {
        None => true,
        Some(v) if v.is_null() => true,
        Some(v) => match v.as_str() {
            Some(t) => t == "application",
            None => return,
        },
    };
    if !application {
        return;
    }
    require(
        cx,
        resource,
        block,
        &Requirement {
            attribute: "drop_invalid_header_fields",
            accepts: is_true,
            default_ok: false,
            fix_value: "true",
            absent_message: "Application Load Balancer passes HTTP headers with invalid names to its targets (`drop_invalid_header_fields` defaults to false)",
            wrong_message: "Application Load Balancer passes HTTP headers with invalid names to its targets (`drop_invalid_header_fields = false`)",
            applicability: Applicability::Review,
            title: "Drop HTTP headers with invalid names",
            note: "Headers whose names hold anything but letters, digits and hyphens (underscores included) stop reaching the targets; check the application does not rely on one.",
            replaces: false,
        },
    );
}
