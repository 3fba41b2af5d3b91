//! `aws-vpc-sg-all-ports-open-to-world`: no security group lets the whole internet reach every
//! port.

use super::ingress::{self, Ports, Service};
use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{CrossRefs, Severity};
use driftless_hcl::Resource;

declare_rule! {
    /// ## What it checks
    /// Ingress permissions that let `0.0.0.0/0` or `::/0` reach every port: inline `ingress`
    /// blocks (or an `ingress = [...]` attribute) of `aws_security_group` and
    /// `aws_default_security_group`, `aws_security_group_rule` with `type = "ingress"`
    /// (`cidr_blocks`, `ipv6_cidr_blocks`), and `aws_vpc_security_group_ingress_rule`
    /// (`cidr_ipv4`, `cidr_ipv6`). A permission counts when its protocol is `-1`/`all`, which
    /// allows every protocol on every port whatever the port range says, or when it is TCP
    /// (`tcp`/`6`) or UDP (`udp`/`17`) with `from_port` 0 or 1 and `to_port` 65535
    /// (<https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html>).
    /// ICMP permissions (`from_port = -1` means every ICMP type, not every port) and other
    /// protocols are not counted. A protocol, port or CIDR unknown before apply is not
    /// reported.
    ///
    /// ## Why it matters
    /// A security group is the instance's firewall; a permission that opens every port to the
    /// internet turns it off. Every service listening on the instance, including the ones
    /// nobody meant to publish (databases, caches, admin consoles, debug ports, agents), is then
    /// reachable by anyone, and found by internet scanners within minutes. Open to the world
    /// only the ports the workload serves
    /// (<https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_security_group" "web" {
    ///   ingress {
    ///     protocol    = "-1"
    ///     from_port   = 0
    ///     to_port     = 0
    ///     cidr_blocks = ["0.0.0.0/0"]
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_security_group" "web" {
    ///   ingress {
    ///     protocol    = "tcp"
    ///     from_port   = 443
    ///     to_port     = 443
    ///     cidr_blocks = ["0.0.0.0/0"]
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// The same fix as `aws-vpc-sg-ssh-open-to-world`: one finding per resource, at the first
    /// world CIDR, with one fix for all of them:
    /// - a world CIDR in a list that names other sources is deleted with its comma (whole lines
    ///   when it sits on lines of its own, so that comments on other lines stay);
    /// - a world CIDR that is the only entry of its list, or a `cidr_ipv4`/`cidr_ipv6`, is
    ///   replaced with a private range: `10.0.0.0/8` (RFC 1918) for IPv4, `fd00::/8` (RFC 4193
    ///   unique local addresses) for IPv6.
    ///
    /// When the CIDR comes from a variable, a `.tfvars` entry, a local, a module argument or a
    /// computed expression, the finding gets a recommendation instead: such a value is often
    /// shared with permissions that are meant to be public.
    ///
    /// The fix does not guess which ports should stay public: narrowing the permission to the
    /// ports the workload serves (TCP 443 for a web server) is the better change, and needs a
    /// human.
    ///
    /// ## Fix safety
    /// `review`: everything the permission let in from the internet stops, including the
    /// traffic that was meant to be public (a website on port 443), and with a private range in
    /// place of the world CIDR, traffic from private networks outside `10.0.0.0/8` too. Before
    /// applying, add permissions for the ports that must stay public.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html>
    /// - <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html>
    /// - Prowler `ec2_securitygroup_allow_ingress_from_internet_to_all_ports`
    /// - Not cross-referenced: Checkov `CKV_AWS_277` ("ingress from 0.0.0.0:0 to port -1")
    ///   fails any permission whose `from_port` is -1, such as every ICMP type from the world
    ///   (a common "allow ping"), and a permission without any source, which allows nothing;
    ///   driftless reports neither, so it does not claim to cover that check. Checkov in turn
    ///   passes a TCP/UDP range 0-65535, a protocol `-1` permission whose ports are not 0-0 or
    ///   0-65535, an `aws_vpc_security_group_ingress_rule` without ports, and a whole security
    ///   group when one of its ingress blocks sets `self = true`, which driftless reports. A
    ///   `checkov:skip=CKV_AWS_277` silences this rule all the same: Checkov's skip covers
    ///   the whole group, so the author has accepted its world-open ingress on every port.
    /// - Security Hub has no control for every port (EC2.18 and EC2.19 are about unauthorised
    ///   and high-risk ports); Trivy's `AVD-AWS-0102` is the network ACL counterpart.
    /// - Terrascan `AC_AWS_0231`
    /// - Terrascan `AC_AWS_0275` fails any port range open to `0.0.0.0/0`, not only every
    ///   port, so it is not cross-referenced; its `#ts:skip=` silences this rule all the same
    pub struct SgAllPortsOpenToWorld {
        id: "aws-vpc-sg-all-ports-open-to-world",
        title: "Security groups do not allow every port from the whole internet",
        severity: Severity::Critical,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: ingress::RESOURCE_TYPES,
        fix: FixAvailability::Sometimes,
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html",
        ],
        cross_refs: CrossRefs {
            checkov: &[],
            trivy: &[],
            kics: &[],
            prowler: &["ec2_securitygroup_allow_ingress_from_internet_to_all_ports"],
            security_hub: &[],
            terrascan: &["AC_AWS_0231"],
        },
        suppressed_by: &["CKV_AWS_277", "AC_AWS_0275"],
        check: sg_all_ports_open_to_world,
    }
}

/// Every port.
const ALL_PORTS: Service = Service {
    name: "every port",
    ports: Ports::All,
    advice: "Allow from the internet only the ports the workload serves (TCP 443 for a web server), and give every other port a private source or a security group source.",
};

/// `aws-vpc-sg-all-ports-open-to-world`
fn sg_all_ports_open_to_world(cx: &mut Checker<'_>, resource: &Resource) {
    ingress::check(cx, resource, &ALL_PORTS);
}
