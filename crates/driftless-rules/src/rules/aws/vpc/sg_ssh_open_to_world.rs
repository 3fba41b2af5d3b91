//! `aws-vpc-sg-ssh-open-to-world`: no security group lets the whole internet reach SSH.

use super::ingress::{self, Ports, Service};
use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{CrossRefs, Severity};
use driftless_hcl::Resource;

declare_rule! {
    /// ## What it checks
    /// Ingress permissions that let `0.0.0.0/0` or `::/0` reach TCP port 22: inline `ingress`
    /// blocks (or an `ingress = [...]` attribute) of `aws_security_group` and
    /// `aws_default_security_group`, `aws_security_group_rule` with `type = "ingress"`
    /// (`cidr_blocks`, `ipv6_cidr_blocks`), and `aws_vpc_security_group_ingress_rule`
    /// (`cidr_ipv4`, `cidr_ipv6`). A permission counts when its protocol is `tcp` or `6` and
    /// `from_port..to_port` includes 22, or when its protocol is `-1`/`all`, which opens every
    /// port whatever the range says
    /// (<https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html>).
    /// UDP does not count: SSH runs over TCP only
    /// (<https://www.rfc-editor.org/rfc/rfc4253#section-4>). A protocol, port or CIDR unknown
    /// before apply is not reported.
    ///
    /// ## Why it matters
    /// An SSH port open to the internet is found within minutes by scanners and then
    /// receives password and key guessing around the clock; any weak credential, leaked key or
    /// vulnerable SSH server becomes a way in. Security Hub control EC2.13 and CIS AWS
    /// Foundations require that no security group allows ingress from `0.0.0.0/0` or `::/0`
    /// to port 22 (<https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-13>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_security_group" "bastion" {
    ///   ingress {
    ///     protocol    = "tcp"
    ///     from_port   = 22
    ///     to_port     = 22
    ///     cidr_blocks = ["0.0.0.0/0"]
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_security_group" "bastion" {
    ///   ingress {
    ///     protocol    = "tcp"
    ///     from_port   = 22
    ///     to_port     = 22
    ///     cidr_blocks = ["192.0.2.0/24"] # the administrators' network
    ///   }
    /// }
    /// ```
    /// or no SSH ingress at all, with AWS Systems Manager Session Manager
    /// (<https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html>).
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
    /// `review`: SSH from the internet stops working, and with a private range in place of
    /// the world CIDR, SSH from private networks outside `10.0.0.0/8` too. Before applying,
    /// set the CIDR to the administrators' network (VPN, bastion subnet), or remove the rule
    /// and use Session Manager, which needs no inbound port.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-13>
    /// - <https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html>
    /// - <https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html>
    /// - Security Hub FSBP `EC2.13`; Checkov `CKV_AWS_24`; Trivy `AVD-AWS-0107`
    ///   (`aws-ec2-no-public-ingress-sgr`); KICS `65905cec-d691-4320-b320-2000436cb696`
    ///   (`security_group_with_unrestricted_access_to_ssh`); Prowler
    ///   `ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22`
    /// - Trivy `AVD-AWS-0107` covers SSH and RDP together (port 22 or 3389, TCP or UDP, from
    ///   `0.0.0.0/0` or `::/0`; earlier versions failed any public ingress). It is
    ///   cross-referenced here for its port 22 findings and by `aws-vpc-sg-rdp-open-to-world`
    ///   for its port 3389 findings: together the two rules find every resource it fails,
    ///   except UDP-only permissions on port 22.
    /// - Differences kept on purpose: Checkov `CKV_AWS_24`, Trivy and CIS also fail UDP port 22,
    ///   where no SSH server listens; Checkov passes a whole security group when one of its
    ///   ingress blocks sets `self = true`, and fails an ingress without any source, which
    ///   allows nothing.
    /// - Terrascan `AC_AWS_0227`
    /// - Terrascan `AC_AWS_0319` fails SSH open to any public range, not only the whole
    ///   internet, so it is not cross-referenced; its `#ts:skip=` silences this rule all the
    ///   same
    pub struct SgSshOpenToWorld {
        id: "aws-vpc-sg-ssh-open-to-world",
        title: "Security groups do not allow SSH from the whole internet",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: ingress::RESOURCE_TYPES,
        fix: FixAvailability::Sometimes,
        references: &[
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-13",
            "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
            "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_24"],
            trivy: &["AVD-AWS-0107", "AWS-0107", "aws-ec2-no-public-ingress-sgr", "aws-vpc-no-public-ingress-sgr"],
            kics: &["65905cec-d691-4320-b320-2000436cb696"],
            prowler: &["ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22"],
            security_hub: &["EC2.13"],
            terrascan: &["AC_AWS_0227"],
        },
        suppressed_by: &["AC_AWS_0319"],
        check: sg_ssh_open_to_world,
    }
}

/// SSH: TCP port 22.
const SSH: Service = Service {
    name: "SSH",
    ports: Ports::One {
        port: 22,
        udp: false,
    },
    advice: "Set the source to the administrators' network (VPN or bastion range), or remove the rule and use AWS Systems Manager Session Manager, which needs no inbound port.",
};

/// `aws-vpc-sg-ssh-open-to-world`
fn sg_ssh_open_to_world(cx: &mut Checker<'_>, resource: &Resource) {
    ingress::check(cx, resource, &SSH);
}
