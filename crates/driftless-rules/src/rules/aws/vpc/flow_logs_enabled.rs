//! `aws-vpc-flow-logs-enabled`: every VPC records its traffic with a flow log.

use super::companion::{self, Companions};
use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, IssueKind, Severity};
use driftless_hcl::Resource;
use driftless_hcl::edit::{EditPlan, insert_after};

declare_rule! {
    /// ## What it checks
    /// `aws_vpc` and `aws_default_vpc` blocks without an `aws_flow_log` of the same module
    /// whose `vpc_id` refers to them (directly, through a local, or through its `for_each`).
    /// Flow logs of a subnet or a network interface do not count: they record part of the
    /// VPC only. A VPC is not reported when an `aws_flow_log` of the same root module has a
    /// `vpc_id` unknown before apply (a module that receives the VPC's id); when its own module
    /// declares an `aws_flow_log` that has no instance here (an input switches it off), the
    /// finding says so instead of proposing a second one.
    ///
    /// ## Why it matters
    /// Without flow logs there is no record of which addresses talked to which, on which
    /// ports, and whether the traffic was accepted: investigating an intrusion, data
    /// exfiltration or a misrouted connection then has nothing to start from, and anomalies
    /// such as port scans or connections to known bad addresses go unseen (Amazon GuardDuty
    /// reads flow logs for that). Flow logs are recorded outside the path of the traffic and
    /// do not affect throughput or latency
    /// (<https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html>). Security Hub
    /// control EC2.6 and CIS AWS Foundations require them for every VPC
    /// (<https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_vpc" "main" {
    ///   cidr_block = "10.0.0.0/16"
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_vpc" "main" {
    ///   cidr_block = "10.0.0.0/16"
    /// }
    ///
    /// resource "aws_flow_log" "main" {
    ///   vpc_id               = aws_vpc.main.id
    ///   traffic_type         = "ALL"
    ///   log_destination_type = "s3"
    ///   log_destination      = aws_s3_bucket.flow_logs.arn
    /// }
    /// ```
    ///
    /// ## Fix
    /// A `manual` fix, shown and never applied: it adds an `aws_flow_log` after the VPC that
    /// records all traffic (`traffic_type = "ALL"`) to Amazon S3, with the VPC's `count` or
    /// `for_each` carried over, and a placeholder for the bucket's ARN. The destination (an
    /// S3 bucket, a CloudWatch Logs group with an IAM role, or Amazon Data Firehose), its
    /// retention and its account are decisions for the VPC's owner
    /// (<https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3.html>).
    ///
    /// ## Fix safety
    /// `manual`: the placeholder destination must be replaced before applying. Flow logs do
    /// not disturb traffic, but they cost money (delivery and storage, per GB of logs), and an
    /// S3 destination needs a bucket policy that lets the log delivery service write (AWS adds
    /// one when the bucket has none and the caller may set it).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html>
    /// - <https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6>
    /// - Security Hub FSBP `EC2.6`, CIS AWS Foundations; Checkov `CKV2_AWS_11`; Trivy
    ///   `AVD-AWS-0178` (`aws-ec2-require-vpc-flow-logs-for-all-vpcs`); KICS
    ///   `f83121ea-03da-434f-9277-9cd247ab3047` (`vpc_flowlogs_disabled`); Prowler
    ///   `vpc_flow_logs_enabled`
    /// - Terrascan `AC_AWS_0369` (`AWS.VPC.Logging.Medium.0470`)
    pub struct FlowLogsEnabled {
        id: "aws-vpc-flow-logs-enabled",
        title: "Every VPC has a flow log",
        severity: Severity::Medium,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_default_vpc", "aws_vpc"],
        fix: FixAvailability::Sometimes,
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html",
            "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV2_AWS_11"],
            trivy: &[
                "AVD-AWS-0178",
                "AWS-0178",
                "aws-ec2-require-vpc-flow-logs-for-all-vpcs",
            ],
            kics: &["f83121ea-03da-434f-9277-9cd247ab3047"],
            prowler: &["vpc_flow_logs_enabled"],
            security_hub: &["EC2.6"],
            terrascan: &["AC_AWS_0369", "AWS.VPC.Logging.Medium.0470"],
        },
        check: flow_logs_enabled,
    }
}

/// The flow log resource type.
const FLOW_LOG: &str = "aws_flow_log";

/// What the manual fix writes for the destination. Upper case is not valid in a bucket name, so
/// a fix applied by mistake fails at apply instead of writing to a bucket someone else owns.
const PLACEHOLDER: &str = "\"arn:aws:s3:::REPLACE-WITH-THE-FLOW-LOG-BUCKET\"";

/// `aws-vpc-flow-logs-enabled`
fn flow_logs_enabled(cx: &mut Checker<'_>, vpc: &Resource) {
    let evaluation = cx.evaluation;
    if !matches!(companion::find(evaluation, vpc, FLOW_LOG), Companions::None) {
        return;
    }
    let idle = companion::idle_declaration(evaluation, vpc, FLOW_LOG);
    let finding = cx.report(
        vpc,
        IssueKind::MissingAttribute,
        &vpc.block.header,
        "VPC has no flow log (no `aws_flow_log` for it): its network traffic is not recorded",
    );
    if let Some(name) = idle {
        finding.recommendation = Some(format!(
            "`{FLOW_LOG}.{name}` is declared in this module but has no instance here (its `count` or `for_each` is empty): switch it on through the variable or module input that controls it."
        ));
        return;
    }
    let text = companion::render(
        evaluation,
        vpc,
        FLOW_LOG,
        "flow_log",
        &[
            ("traffic_type", "\"ALL\""),
            ("log_destination_type", "\"s3\""),
            ("log_destination", PLACEHOLDER),
        ],
    );
    let planned = insert_after(&vpc.block, &text).map(EditPlan::local);
    attach_fix(
        finding,
        planned,
        "Add an `aws_flow_log` for the VPC with `traffic_type = \"ALL\"` and a destination (an S3 bucket, or a CloudWatch Logs group and an IAM role).",
        |fix| {
            fix.with_applicability(Applicability::Manual)
                .with_title("Add a flow log for the VPC")
                .with_note("Replace the placeholder with the ARN of the S3 bucket that receives the logs (or use `log_destination_type = \"cloud-watch-logs\"` with a log group and `iam_role_arn`). Flow logs cost money per GB delivered and stored.")
        },
    );
}
