//! `aws-ec2-instance-no-public-ip`: instances, launch templates and launch configurations do
//! not ask for a public IPv4 address.

use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, IssueKind, Severity};
use driftless_hcl::edit::{EditPlan, set_attribute};
use driftless_hcl::{AttributeView, BlockView, Resource};

declare_rule! {
    /// ## What it checks
    /// `associate_public_ip_address = true` on an `aws_instance`, an `aws_launch_configuration`,
    /// or any `network_interfaces` block of an `aws_launch_template`. An absent value is not
    /// reported: the instance then follows its subnet's `map_public_ip_on_launch`
    /// (<https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html#concepts-public-addresses>),
    /// which `aws-vpc-subnet-no-public-ip-on-launch` checks where the subnet is declared. A
    /// value unknown before apply, or a `dynamic` network interface whose `for_each` is
    /// unknown, is not reported.
    ///
    /// ## Why it matters
    /// An instance with a public IPv4 address in a subnet routed to an internet gateway is
    /// reachable from the internet on every port its security groups open; one permissive rule,
    /// now or later, exposes it. Instances that serve the internet are better placed behind a
    /// load balancer, and those that only call out behind a NAT gateway, so that no instance
    /// needs its own address. Security Hub controls EC2.9 (instances) and EC2.25 (launch
    /// templates) require no public address
    /// (<https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-9>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_instance" "worker" {
    ///   ami                         = "ami-0abc"
    ///   instance_type               = "t3.micro"
    ///   associate_public_ip_address = true
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_instance" "worker" {
    ///   ami                         = "ami-0abc"
    ///   instance_type               = "t3.micro"
    ///   associate_public_ip_address = false
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `associate_public_ip_address = false`, in every launch template network interface
    /// that asks for an address, where the value is set (the block, a variable default, a
    /// `.tfvars` entry or the calling module's argument).
    ///
    /// ## Fix safety
    /// `review`: the instance loses its internet reachability and, without a NAT gateway, its
    /// outbound internet access. On an `aws_instance` the attribute cannot change in place, so
    /// Terraform replaces the instance (new volumes unless they are kept separately, new
    /// addresses). A launch configuration is replaced by a new one; a launch template gets a
    /// new version that applies to instances launched afterwards. Put a load balancer or a NAT
    /// gateway in front first.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-9>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-25>
    /// - Security Hub FSBP `EC2.9` and `EC2.25`; Checkov `CKV_AWS_88` (instances, and the
    ///   first network interface of launch templates), `CKV_AWS_389` (launch configurations);
    ///   Trivy `AVD-AWS-0009`
    ///   (`aws-ec2-no-public-ip`, launch configurations); Prowler `ec2_instance_public_ip` and
    ///   `ec2_launch_template_no_public_ip`
    /// - Not cross-referenced: KICS `5a2486aa-facf-477d-a5c1-b010789459ce`
    ///   (`ec2_instance_has_public_ip`) also fails an instance without the attribute, whose
    ///   address depends on the subnet.
    pub struct InstanceNoPublicIp {
        id: "aws-ec2-instance-no-public-ip",
        title: "EC2 instances and launch templates do not ask for a public IPv4 address",
        severity: Severity::Medium,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_instance", "aws_launch_configuration", "aws_launch_template"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-9",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-25",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_88", "CKV_AWS_389"],
            trivy: &["AVD-AWS-0009", "AWS-0009", "aws-ec2-no-public-ip", "aws-autoscaling-no-public-ip"],
            kics: &[],
            prowler: &["ec2_instance_public_ip", "ec2_launch_template_no_public_ip"],
            security_hub: &["EC2.9", "EC2.25"],
            terrascan: &[],
        },
        check: instance_no_public_ip,
    }
}

const ATTRIBUTE: &str = "associate_public_ip_address";

/// `aws-ec2-instance-no-public-ip`
fn instance_no_public_ip(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    // The attributes at fault, with the block that holds each.
    let at_fault: Vec<(&BlockView, &AttributeView)> =
        if resource.resource_type() == "aws_launch_template" {
            block
                .blocks_of("network_interfaces")
                .filter(|ni| !ni.unknown_repetition)
                .filter_map(|ni| ni.attribute(ATTRIBUTE).map(|a| (ni, a)))
                .filter(|(_, a)| a.value.as_bool() == Some(true))
                .collect()
        } else {
            block
                .attribute(ATTRIBUTE)
                .filter(|a| a.value.as_bool() == Some(true))
                .map(|a| (block, a))
                .into_iter()
                .collect()
        };
    let Some((_, first)) = at_fault.first() else {
        return;
    };
    let (subject, note) = match resource.resource_type() {
        "aws_instance" => (
            "Instance asks for a public IPv4 address",
            "Terraform replaces the instance (new volumes and addresses), which then has no public IPv4 address: put a load balancer or a NAT gateway in front first.",
        ),
        "aws_launch_configuration" => (
            "Launch configuration gives its instances a public IPv4 address",
            "Terraform replaces the launch configuration; instances launched from the new one get no public IPv4 address, and need a NAT gateway to reach the internet.",
        ),
        _ => (
            "Launch template gives its instances a public IPv4 address",
            "Instances launched from the new template version get no public IPv4 address, and need a NAT gateway to reach the internet; running instances keep theirs.",
        ),
    };
    let finding = cx.report(
        resource,
        IssueKind::IncorrectValue,
        &first.value_location,
        format!("{subject} (`{ATTRIBUTE} = true`)"),
    );
    let planned = EditPlan::combine(
        at_fault
            .iter()
            .map(|(b, a)| set_attribute(b, &a.name, "false")),
    );
    attach_fix(
        finding,
        planned,
        &format!("Set `{ATTRIBUTE} = false`."),
        |fix| {
            fix.with_applicability(Applicability::Review)
                .with_title("Stop asking for a public IPv4 address")
                .with_note(note)
        },
    );
}
