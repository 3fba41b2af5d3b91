//! `aws-vpc-subnet-no-public-ip-on-launch`: subnets do not give instances a public IPv4
//! address by default.

use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::common::{Requirement, is_false, require};
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::Resource;

declare_rule! {
    /// ## What it checks
    /// `aws_subnet` blocks with `map_public_ip_on_launch = true`. An absent
    /// `map_public_ip_on_launch` is fine: the provider defaults it to `false`
    /// (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/subnet#map_public_ip_on_launch>),
    /// as the EC2 API does for subnets other than the default VPC's
    /// (<https://docs.aws.amazon.com/vpc/latest/userguide/subnet-public-ip.html>). A value
    /// unknown before apply is not reported.
    ///
    /// ## Why it matters
    /// With the attribute on, every network interface launched into the subnet gets a public
    /// IPv4 address unless the launch says otherwise: instances meant to stay private (a
    /// worker, a database host, a node of an EKS node group) become reachable from the internet
    /// as soon as a route to an internet gateway and a permissive security group meet. A
    /// public address should be a decision made per instance (or through a load balancer or a
    /// NAT gateway), not the subnet's default. AWS also charges for every public IPv4 address.
    /// Security Hub control EC2.15 requires the attribute off
    /// (<https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-15>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_subnet" "app" {
    ///   vpc_id                  = aws_vpc.main.id
    ///   cidr_block              = "10.0.1.0/24"
    ///   map_public_ip_on_launch = true
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_subnet" "app" {
    ///   vpc_id                  = aws_vpc.main.id
    ///   cidr_block              = "10.0.1.0/24"
    ///   map_public_ip_on_launch = false
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `map_public_ip_on_launch = false` where the value is set (the block, a variable
    /// default, a `.tfvars` entry or the calling module's argument).
    ///
    /// ## Fix safety
    /// `review`: the change applies in place and running instances keep their addresses, but
    /// instances launched into the subnet afterwards get no public IPv4 address unless their
    /// launch asks for one (`associate_public_ip_address = true`). Auto Scaling groups and EKS
    /// node groups in a public subnet that reach the internet without a NAT gateway lose that
    /// access for their new instances: give them a NAT gateway, or ask for the address in their
    /// launch template.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/vpc/latest/userguide/subnet-public-ip.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-15>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/subnet#map_public_ip_on_launch>
    /// - Security Hub FSBP `EC2.15`; Checkov `CKV_AWS_130`; Trivy `AVD-AWS-0164`
    ///   (`aws-ec2-no-public-ip-subnet`); KICS `52f04a44-6bfa-4c41-b1d3-4ae99a2de05c`
    ///   (`vpc_subnet_assigns_public_ip`); Prowler `vpc_subnet_no_public_ip_by_default`
    pub struct SubnetNoPublicIpOnLaunch {
        id: "aws-vpc-subnet-no-public-ip-on-launch",
        title: "Subnets do not assign public IPv4 addresses by default",
        severity: Severity::Medium,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_subnet"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-public-ip.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-15",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_130"],
            trivy: &["AVD-AWS-0164", "AWS-0164", "aws-ec2-no-public-ip-subnet", "aws-subnet-no-public-ip"],
            kics: &["52f04a44-6bfa-4c41-b1d3-4ae99a2de05c"],
            prowler: &["vpc_subnet_no_public_ip_by_default"],
            security_hub: &["EC2.15"],
            terrascan: &[],
        },
        check: subnet_no_public_ip_on_launch,
    }
}

/// `aws-vpc-subnet-no-public-ip-on-launch`
fn subnet_no_public_ip_on_launch(cx: &mut Checker<'_>, resource: &Resource) {
    require(
        cx,
        resource,
        &resource.block,
        &Requirement {
            attribute: "map_public_ip_on_launch",
            accepts: is_false,
            default_ok: true,
            fix_value: "false",
            absent_message: "",
            wrong_message: "Subnet gives every instance launched into it a public IPv4 address (`map_public_ip_on_launch = true`)",
            applicability: Applicability::Review,
            title: "Stop assigning public IPv4 addresses by default",
            note: "Instances launched into the subnet afterwards get no public IPv4 address unless their launch asks for one; running instances keep theirs. Instances that reach the internet without a NAT gateway need one first.",
            replaces: false,
        },
    );
}
