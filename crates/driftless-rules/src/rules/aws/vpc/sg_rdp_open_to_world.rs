//! `aws-vpc-sg-rdp-open-to-world`: no security group lets the whole internet reach RDP.

use super::ingress::{self, Ports, Service};
use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{CrossRefs, Severity};
use driftless_hcl::Resource;

declare_rule! {
    /// ## What it checks
    /// Ingress permissions that let `0.0.0.0/0` or `::/0` reach port 3389, the Remote Desktop
    /// Protocol: inline `ingress` blocks (or an `ingress = [...]` attribute) of
    /// `aws_security_group` and `aws_default_security_group`, `aws_security_group_rule` with
    /// `type = "ingress"` (`cidr_blocks`, `ipv6_cidr_blocks`), and
    /// `aws_vpc_security_group_ingress_rule` (`cidr_ipv4`, `cidr_ipv6`). A permission counts
    /// when its protocol is `tcp`/`6` or `udp`/`17` and `from_port..to_port` includes 3389, or
    /// when its protocol is `-1`/`all`, which opens every port whatever the range says
    /// (<https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html>).
    /// UDP counts because RDP also runs over UDP on the same port: "The default port for
    /// incoming UDP connection requests on the terminal server is port 3389"
    /// (<https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-rdpeudp/efafc7a9-31af-43d8-a830-4b80044797d8>).
    /// A protocol, port or CIDR unknown before apply is not reported.
    ///
    /// ## Why it matters
    /// An RDP port open to the internet receives password guessing around the clock and has
    /// been the way in for many ransomware attacks; any weak password or unpatched RDP
    /// vulnerability exposes the Windows host. Security Hub control EC2.14 and CIS AWS
    /// Foundations require that no security group allows ingress from `0.0.0.0/0` or `::/0`
    /// to port 3389 (<https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-14>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_vpc_security_group_ingress_rule" "rdp" {
    ///   security_group_id = aws_security_group.windows.id
    ///   ip_protocol       = "tcp"
    ///   from_port         = 3389
    ///   to_port           = 3389
    ///   cidr_ipv4         = "0.0.0.0/0"
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_vpc_security_group_ingress_rule" "rdp" {
    ///   security_group_id = aws_security_group.windows.id
    ///   ip_protocol       = "tcp"
    ///   from_port         = 3389
    ///   to_port           = 3389
    ///   cidr_ipv4         = "192.0.2.0/24" # the administrators' network
    /// }
    /// ```
    /// or no RDP ingress at all, with Fleet Manager Remote Desktop in AWS Systems Manager
    /// (<https://docs.aws.amazon.com/systems-manager/latest/userguide/fleet-manager-remote-desktop-connections.html>).
    ///
    /// ## Fix
    /// One finding per resource, at the first world CIDR, with one fix for all of them:
    /// - a world CIDR in a list that names other sources is deleted with its comma (whole lines
    ///   when it sits on lines of its own, so that comments on other lines stay);
    /// - a world CIDR that is the only entry of its list, or a `cidr_ipv4`/`cidr_ipv6`, is
    ///   replaced with a private range: `10.0.0.0/8` (RFC 1918) for IPv4, `fd00::/8` (RFC 4193
    ///   unique local addresses) for IPv6.
    ///
    /// When the CIDR comes from a variable, a `.tfvars` entry, a local, a module argument or a
    /// computed expression, the finding gets a recommendation instead: such a value is often
    /// shared with other rules (HTTPS open to the world on purpose), so changing it where it is
    /// set needs a human.
    ///
    /// ## Fix safety
    /// `review`: RDP from the internet stops working, and with a private range in place of
    /// the world CIDR, RDP from private networks outside `10.0.0.0/8` too. Before applying,
    /// set the CIDR to the administrators' network (VPN, bastion subnet), or remove the rule
    /// and use Fleet Manager Remote Desktop, which needs no inbound port.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-14>
    /// - <https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html>
    /// - <https://docs.aws.amazon.com/systems-manager/latest/userguide/fleet-manager-remote-desktop-connections.html>
    /// - Security Hub FSBP `EC2.14`; Checkov `CKV_AWS_25`; Trivy `AVD-AWS-0107`
    ///   (`aws-ec2-no-public-ingress-sgr`); KICS `151187cb-0efc-481c-babd-ad24e3c9bc22`
    ///   (`remote_desktop_port_open_to_internet`); Prowler
    ///   `ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389`
    /// - Trivy `AVD-AWS-0107` covers SSH and RDP together (port 22 or 3389, TCP or UDP, from
    ///   `0.0.0.0/0` or `::/0`). It is cross-referenced here for its port 3389 findings and by
    ///   `aws-vpc-sg-ssh-open-to-world` for its port 22 findings: together the two rules find
    ///   every resource it fails, except UDP-only permissions on port 22.
    /// - Differences kept on purpose: Security Hub EC2.14 and Prowler look at TCP only, this
    ///   rule also at UDP; Checkov passes a whole security group when one of its ingress blocks
    ///   sets `self = true`, and fails an ingress without any source, which allows nothing.
    /// - Terrascan `AC_AWS_0230`
    pub struct SgRdpOpenToWorld {
        id: "aws-vpc-sg-rdp-open-to-world",
        title: "Security groups do not allow RDP from the whole internet",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: ingress::RESOURCE_TYPES,
        fix: FixAvailability::Sometimes,
        references: &[
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-14",
            "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
            "https://docs.aws.amazon.com/systems-manager/latest/userguide/fleet-manager-remote-desktop-connections.html",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_25"],
            trivy: &["AVD-AWS-0107", "AWS-0107", "aws-ec2-no-public-ingress-sgr", "aws-vpc-no-public-ingress-sgr"],
            kics: &["151187cb-0efc-481c-babd-ad24e3c9bc22"],
            prowler: &["ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389"],
            security_hub: &["EC2.14"],
            terrascan: &["AC_AWS_0230"],
        },
        check: sg_rdp_open_to_world,
    }
}

/// RDP: TCP and UDP port 3389.
const RDP: Service = Service {
    name: "RDP",
    ports: Ports::One {
        port: 3389,
        udp: true,
    },
    advice: "Set the source to the administrators' network (VPN or bastion range), or remove the rule and use Fleet Manager Remote Desktop in AWS Systems Manager, which needs no inbound port.",
};

/// `aws-vpc-sg-rdp-open-to-world`
fn sg_rdp_open_to_world(cx: &mut Checker<'_>, resource: &Resource) {
    ingress::check(cx, resource, &RDP);
}
