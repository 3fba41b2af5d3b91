//! `aws-cloudtrail-multi-region`: CloudTrail trails log events from every Region.

use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, IssueKind, Severity};
use driftless_hcl::Resource;
use driftless_hcl::edit::set_attribute;

declare_rule! {
    /// ## What it checks
    /// `aws_cloudtrail` blocks whose `is_multi_region_trail` is absent (the provider default
    /// is `false`,
    /// <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail#is_multi_region_trail>)
    /// or `false`: the trail logs the activity of its home Region only. A value unknown before
    /// apply is not reported.
    ///
    /// ## Why it matters
    /// An attacker who gets credentials can work in a Region the account does not use, where
    /// a single-Region trail records nothing: instances mining cryptocurrency, or resources
    /// kept for later access, go unseen. Since November 2021, events of the global services
    /// (IAM, STS, CloudFront) are recorded in US East (N. Virginia) only, so a single-Region
    /// trail elsewhere also misses who changed IAM
    /// (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail-by-using-the-aws-cli-update-trail.html>).
    /// A multi-Region trail delivers the events of every enabled Region, opt-in Regions
    /// included once enabled, to one bucket
    /// (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-multi-region-trails.html>).
    /// The rule reads each trail: a single-Region trail kept on purpose next to a multi-Region
    /// one (to keep one Region's logs apart) can be suppressed with that reason.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name           = "main"
    ///   s3_bucket_name = "audit-logs"
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name                  = "main"
    ///   s3_bucket_name        = "audit-logs"
    ///   is_multi_region_trail = true
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `is_multi_region_trail = true` where the value is set (the block, a variable
    /// default, a `.tfvars` entry or the calling module's argument), or inserts it when
    /// absent. The trail is updated in place and keeps its bucket, key and name. The fix is
    /// `safe`: nothing stops working, but more events are delivered, and where another trail
    /// already records management events in a Region, this second copy is billed
    /// (<https://aws.amazon.com/cloudtrail/pricing/>). A trail that sets
    /// `include_global_service_events = false` gets a recommendation instead: a multi-Region
    /// trail would log IAM, STS and CloudFront events too, and whether another trail already
    /// does is a decision for a human.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-multi-region-trails.html>
    /// - <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail-by-using-the-aws-cli-update-trail.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail#is_multi_region_trail>
    /// - <https://aws.amazon.com/cloudtrail/pricing/>
    /// - Security Hub FSBP `CloudTrail.1` and Prowler `cloudtrail_multi_region_enabled` (both
    ///   ask for at least one multi-Region trail in the account, which this rule reads trail
    ///   by trail); Checkov `CKV_AWS_67`; Trivy `AVD-AWS-0014`
    ///   (`aws-cloudtrail-enable-all-regions`)
    /// - Terrascan `AC_AWS_0448` (`AWS.CloudTrail.Logging.Medium.004`), `AC_AWS_0034`
    ///   (`AWS.CloudTrail.Logging.Medium.0460`)
    pub struct MultiRegion {
        id: "aws-cloudtrail-multi-region",
        title: "CloudTrail trails log events from every Region",
        severity: Severity::Medium,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_cloudtrail"],
        fix: FixAvailability::Sometimes,
        references: &[
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-multi-region-trails.html",
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail-by-using-the-aws-cli-update-trail.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail#is_multi_region_trail",
            "https://aws.amazon.com/cloudtrail/pricing/",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_67"],
            trivy: &["AVD-AWS-0014", "AWS-0014", "aws-cloudtrail-enable-all-regions", "AWS063"],
            kics: &[],
            prowler: &["cloudtrail_multi_region_enabled"],
            security_hub: &["CloudTrail.1"],
            terrascan: &["AC_AWS_0448", "AWS.CloudTrail.Logging.Medium.004", "AC_AWS_0034", "AWS.CloudTrail.Logging.Medium.0460"],
        },
        check: multi_region,
    }
}

const ATTRIBUTE: &str = "is_multi_region_trail";

const NOTE: &str = "The trail logs every enabled Region into the same bucket; where another trail already records management events in a Region, this second copy is billed.";

const GLOBAL_EVENTS_OFF: &str = "This trail also sets `include_global_service_events = false`: as a multi-Region trail it would log IAM, STS and CloudFront events too. Check whether another trail already logs them (they would be delivered twice), then set both `is_multi_region_trail = true` and `include_global_service_events = true`.";

/// `aws-cloudtrail-multi-region`
fn multi_region(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    let finding = match block.attribute(ATTRIBUTE) {
        None => cx.report(
            resource,
            IssueKind::MissingAttribute,
            &block.header,
            "Trail logs its home Region only (`is_multi_region_trail` defaults to false)",
        ),
        Some(attr) => {
            if !attr.value.is_null() && attr.value.as_bool() != Some(false) {
                return;
            }
            cx.report(
                resource,
                IssueKind::IncorrectValue,
                &attr.value_location,
                "Trail logs its home Region only (`is_multi_region_trail = false`)",
            )
        }
    };
    let global_events_off = block
        .value("include_global_service_events")
        .is_some_and(|v| v.as_bool() == Some(false));
    if global_events_off {
        finding.recommendation = Some(GLOBAL_EVENTS_OFF.to_owned());
        return;
    }
    attach_fix(
        finding,
        set_attribute(block, ATTRIBUTE, "true"),
        "Set `is_multi_region_trail = true`.",
        |fix| {
            fix.with_applicability(Applicability::Safe)
                .with_title("Log events from every Region")
                .with_note(NOTE)
        },
    );
}
