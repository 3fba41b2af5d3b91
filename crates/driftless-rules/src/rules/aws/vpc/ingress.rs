//! Shared matching for the rules that forbid an administration port, or every port, open to
//! the whole internet (`aws-vpc-sg-ssh-open-to-world`, `aws-vpc-sg-rdp-open-to-world`,
//! `aws-vpc-sg-all-ports-open-to-world`): the ingress permissions a security group resource
//! declares, whether one of them lets `0.0.0.0/0` or `::/0` reach a port, and the edits that
//! close it.
//!
//! Three resource shapes declare ingress permissions
//! (<https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html>):
//! `aws_security_group` and `aws_default_security_group` with inline `ingress` blocks (or an
//! `ingress = [{ ... }]` attribute), `aws_security_group_rule` with `type = "ingress"`, both
//! with `protocol`, `from_port`, `to_port` and the lists `cidr_blocks` / `ipv6_cidr_blocks`;
//! and `aws_vpc_security_group_ingress_rule` with `ip_protocol` and one `cidr_ipv4` or
//! `cidr_ipv6`.
//!
//! Which CIDR may be edited is this rule's decision (only a literal written in the block: a
//! variable may serve other rules on purpose); how a list element is removed is
//! [`ListLiteral`]'s.

use crate::checker::{Checker, attach_fix};
use driftless_diagnostics::{
    Applicability, Edit, IssueKind, OriginKind, SourceLocation, ValueOrigin,
};
use driftless_hcl::edit::{EditPlan, ListLiteral, PlanError};
use driftless_hcl::{AttributeView, BlockView, Origin, Resource, Value};
use std::fmt::Write as _;

/// The resource types that declare ingress permissions.
pub(crate) const RESOURCE_TYPES: &[&str] = &[
    "aws_default_security_group",
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
];

/// What a world CIDR that is the only entry of its IPv4 list (or an IPv4 `cidr_ipv4`) becomes:
/// the largest private range of RFC 1918.
pub(crate) const PRIVATE_V4: &str = "10.0.0.0/8";

/// What a world CIDR that is the only entry of its IPv6 list (or a `cidr_ipv6`) becomes: the
/// locally assigned half of the unique local range of RFC 4193.
pub(crate) const PRIVATE_V6: &str = "fd00::/8";

/// The ports a [`Service`] listens on.
pub(crate) enum Ports {
    /// One port over TCP, and over UDP too when `udp`.
    One {
        /// The port.
        port: u16,
        /// Whether it also listens on UDP, so that a UDP permission exposes it too.
        udp: bool,
    },
    /// Every port: a permission counts when its protocol is `-1`/`all`, or TCP or UDP with a
    /// range from 0 or 1 to 65535.
    All,
}

/// What must not be reachable from the whole internet: an administration service, or every
/// port at once.
pub(crate) struct Service {
    /// Its name in messages and fix titles: `SSH`, `every port`.
    pub(crate) name: &'static str,
    /// Its ports.
    pub(crate) ports: Ports,
    /// What to do instead, the start of every recommendation and the end of every fix note.
    pub(crate) advice: &'static str,
}

impl Service {
    /// `SSH (TCP port 22)`, `RDP (TCP/UDP port 3389)`, `every port (all protocols, or TCP/UDP
    /// 0-65535)`.
    fn describe(&self) -> String {
        match self.ports {
            Ports::One { port, udp } => {
                let proto = if udp { "TCP/UDP" } else { "TCP" };
                format!("{} ({proto} port {port})", self.name)
            }
            Ports::All => format!("{} (all protocols, or TCP/UDP 0-65535)", self.name),
        }
    }

    /// What stops working when the permission closes: `SSH`, `traffic to every port`.
    fn traffic(&self) -> String {
        match self.ports {
            Ports::One { .. } => self.name.to_owned(),
            Ports::All => format!("traffic to {}", self.name),
        }
    }
}

/// Whether `cidr` covers every address: a prefix length of 0 on the unspecified address
/// (`0.0.0.0/0`, `::/0`, `0000:0000:0000:0000:0000:0000:0000:0000/0`). Other `/0` spellings
/// (`1.0.0.0/0`) are rejected by the provider's CIDR validation, so they are not matched.
#[must_use]
pub(crate) fn is_world(cidr: &str) -> bool {
    let Some((address, prefix)) = cidr.trim().split_once('/') else {
        return false;
    };
    prefix.trim() == "0"
        && address
            .trim()
            .parse::<std::net::IpAddr>()
            .is_ok_and(|a| a.is_unspecified())
}

/// Where the fields of one ingress permission come from.
#[derive(Clone, Copy)]
enum Fields<'a> {
    /// An inline `ingress` block, or a rule resource's own block.
    Block(&'a BlockView),
    /// One object of an `ingress = [{ ... }]` attribute.
    Object {
        value: &'a Value,
        attribute: &'a AttributeView,
    },
}

/// One ingress permission.
#[derive(Clone, Copy)]
struct Permission<'a> {
    fields: Fields<'a>,
    /// `protocol`, or `ip_protocol` for `aws_vpc_security_group_ingress_rule`.
    protocol: &'static str,
    /// The CIDR attributes: `cidr_blocks`/`ipv6_cidr_blocks` or `cidr_ipv4`/`cidr_ipv6`.
    cidrs: [&'static str; 2],
}

impl<'a> Permission<'a> {
    fn get(&self, key: &str) -> Option<&'a Value> {
        match self.fields {
            Fields::Block(b) => b.value(key),
            Fields::Object { value, .. } => value.get(key),
        }
    }

    /// The value location a finding about `key` points at when the value itself has no
    /// location inside it.
    fn location(&self, key: &str) -> Option<&'a SourceLocation> {
        match self.fields {
            Fields::Block(b) => b.attribute(key).map(|a| &a.value_location),
            Fields::Object { attribute, .. } => Some(&attribute.value_location),
        }
    }

    /// Whether the permission lets traffic reach `service`: `None` when the protocol or the
    /// ports are unknown. Protocol `-1`/`all` opens every port whatever the port range says
    /// (<https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html>).
    fn reaches(&self, service: &Service) -> Option<bool> {
        let protocol = self.get(self.protocol)?.as_str()?.to_ascii_lowercase();
        let ported = match (protocol.as_str(), &service.ports) {
            ("-1" | "all", _) => return Some(true),
            ("tcp" | "6", _) | ("udp" | "17", Ports::All | Ports::One { udp: true, .. }) => true,
            _ => false,
        };
        if !ported {
            return Some(false);
        }
        let from = self.get("from_port")?.as_number()?;
        let to = self.get("to_port")?.as_number()?;
        Some(match service.ports {
            Ports::One { port, .. } => from <= f64::from(port) && f64::from(port) <= to,
            Ports::All => from <= 1.0 && to >= 65535.0,
        })
    }
}

/// The ingress permissions `resource` declares.
fn permissions(resource: &Resource) -> Vec<Permission<'_>> {
    let block = &resource.block;
    let list = |fields| Permission {
        fields,
        protocol: "protocol",
        cidrs: ["cidr_blocks", "ipv6_cidr_blocks"],
    };
    match resource.resource_type() {
        "aws_security_group" | "aws_default_security_group" => {
            let mut out: Vec<Permission<'_>> = block
                .blocks_of("ingress")
                .map(|b| list(Fields::Block(b)))
                .collect();
            if let Some(attribute) = block.attribute("ingress") {
                for value in attribute.value.as_list().unwrap_or_default() {
                    if value.as_object().is_some() {
                        out.push(list(Fields::Object { value, attribute }));
                    }
                }
            }
            out
        }
        "aws_security_group_rule" => {
            let ingress = block
                .value("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t == "ingress");
            if ingress {
                vec![list(Fields::Block(block))]
            } else {
                Vec::new()
            }
        }
        "aws_vpc_security_group_ingress_rule" => vec![Permission {
            fields: Fields::Block(block),
            protocol: "ip_protocol",
            cidrs: ["cidr_ipv4", "cidr_ipv6"],
        }],
        _ => Vec::new(),
    }
}

/// One world CIDR in a permission that reaches the service.
struct Site<'a> {
    /// The list holding it, or `None` for `cidr_ipv4`/`cidr_ipv6`.
    list: Option<&'a Value>,
    /// Its index in `list`.
    index: usize,
    /// The CIDR value.
    value: &'a Value,
    /// The CIDR as written.
    cidr: String,
    /// Whether it is an IPv6 attribute.
    ipv6: bool,
    /// The value location of the attribute it is in.
    attribute: Option<&'a SourceLocation>,
}

impl Site<'_> {
    /// The CIDR's own location when it is a literal inside its attribute, else the
    /// attribute's value (a variable, a local).
    fn location(&self, block: &BlockView) -> SourceLocation {
        let Some(attribute) = self.attribute else {
            return block.header.clone();
        };
        match &self.value.origin {
            Some(origin)
                if origin.location.path == attribute.path
                    && attribute.range.contains(origin.location.range.start) =>
            {
                origin.location.clone()
            }
            _ => attribute.clone(),
        }
    }
}

/// The world CIDRs of every permission of `resource` that reaches `service`, in source order.
fn sites<'a>(resource: &'a Resource, service: &Service) -> Vec<Site<'a>> {
    let mut out = Vec::new();
    for permission in permissions(resource) {
        if permission.reaches(service) != Some(true) {
            continue;
        }
        for key in permission.cidrs {
            let Some(value) = permission.get(key) else {
                continue;
            };
            let attribute = permission.location(key);
            let ipv6 = key.contains('6');
            if let Some(items) = value.as_list() {
                for (index, item) in items.iter().enumerate() {
                    if let Some(cidr) = item.as_str().filter(|c| is_world(c)) {
                        out.push(Site {
                            list: Some(value),
                            index,
                            value: item,
                            cidr: cidr.into_owned(),
                            ipv6,
                            attribute,
                        });
                    }
                }
            } else if let Some(cidr) = value.as_str().filter(|c| is_world(c)) {
                out.push(Site {
                    list: None,
                    index: 0,
                    value,
                    cidr: cidr.into_owned(),
                    ipv6,
                    attribute,
                });
            }
        }
    }
    out
}

/// Checks that no ingress permission of `resource` lets the whole internet reach `service`,
/// reporting one finding at the first world CIDR, with one fix for all of them.
pub(crate) fn check(cx: &mut Checker<'_>, resource: &Resource, service: &Service) {
    let sites = sites(resource, service);
    let Some(first) = sites.first() else {
        return;
    };
    let block = &resource.block;
    let subject = match resource.resource_type() {
        "aws_security_group" | "aws_default_security_group" => "Security group",
        _ => "Security group rule",
    };
    let mut cidrs: Vec<String> = sites.iter().map(|s| format!("`{}`", s.cidr)).collect();
    cidrs.dedup();
    let message = format!(
        "{subject} allows {} from anywhere ({})",
        service.describe(),
        cidrs.join(", ")
    );
    let location = first.location(block);
    let finding = cx.report(resource, IssueKind::IncorrectValue, &location, message);
    let planned = plan(block, &sites, service);
    let note = planned
        .as_ref()
        .map(|(_, note)| note.clone())
        .unwrap_or_default();
    attach_fix(
        &mut *finding,
        planned.map(|(p, _)| p),
        service.advice,
        |fix| {
            fix.with_applicability(Applicability::Review)
                .with_title(format!("Close {} to the internet", service.name))
                .with_note(note)
        },
    );
    // Without an edit, the finding still says where the world CIDR is set when that is not
    // the block itself (`cidr_blocks = [var.cidr]`: the variable's default).
    if finding.value_origin.is_none()
        && let Some(origin) = first.value.origin.as_deref()
        && !(origin.kind == OriginKind::Literal
            && origin.location.path == block.file.path
            && block.location.range.contains(origin.location.range.start))
    {
        finding.value_origin = Some(ValueOrigin {
            kind: origin.kind,
            location: origin.location.clone(),
        });
    }
}

/// Why a world CIDR is not edited.
#[derive(Debug, thiserror::Error)]
enum CidrEditError {
    /// The CIDR has no origin.
    #[error(
        "`{cidr}` is computed (a function call or a `for` expression), so no edit is generated."
    )]
    Computed {
        /// The CIDR.
        cidr: String,
    },
    /// The CIDR is set in a module fetched into `.terraform/modules`.
    #[error(
        "`{cidr}` is set at {at}, in a module fetched into .terraform/modules, which driftless never edits: set it through the module call's arguments."
    )]
    FetchedModule {
        /// The CIDR.
        cidr: String,
        /// Where it is set, `path:line`.
        at: String,
    },
    /// The CIDR is computed where it is set.
    #[error(
        "`{cidr}` is computed at {at} (a function call or an expression), so no edit is generated."
    )]
    ComputedAt {
        /// The CIDR.
        cidr: String,
        /// Where it is computed, `path:line`.
        at: String,
    },
    /// The CIDR is set outside the block (a variable default, a local), which other rules
    /// may share.
    #[error(
        "`{cidr}` is set in {site} at {at}, which other rules may share (HTTPS open to the world on purpose, say), so no edit is generated: change it there if only {traffic} uses it."
    )]
    Shared {
        /// The CIDR.
        cidr: String,
        /// What kind of site sets it: `a variable default`.
        site: &'static str,
        /// Where, `path:line`.
        at: String,
        /// What uses it: `SSH`, `traffic to every port`.
        traffic: String,
    },
    /// The list edit cannot be planned.
    #[error(transparent)]
    Plan(#[from] PlanError),
}

/// The edits that remove every world CIDR of `sites`, and the fix note; or why none can be
/// made (the recommendation).
fn plan(
    block: &BlockView,
    sites: &[Site<'_>],
    service: &Service,
) -> Result<(EditPlan, String), CidrEditError> {
    let mut edits = Vec::new();
    let mut replaced: Vec<&str> = Vec::new();
    let mut removed = false;
    let mut done: Vec<usize> = Vec::new();
    for (i, site) in sites.iter().enumerate() {
        if done.contains(&i) {
            continue;
        }
        let private = if site.ipv6 { PRIVATE_V6 } else { PRIVATE_V4 };
        let Some(list) = site.list else {
            let origin = editable_origin(block, site.value, &site.cidr, service)?;
            edits.push(Edit::replacement(
                origin.location.path.clone(),
                origin.location.range,
                format!("\"{private}\""),
            ));
            replaced.push(private);
            done.push(i);
            continue;
        };
        // Every world CIDR of this list, handled together.
        let group: Vec<usize> = (i..sites.len())
            .filter(|&j| sites[j].list.is_some_and(|l| std::ptr::eq(l, list)))
            .collect();
        done.extend(&group);
        let list_origin = editable_origin(block, list, &site.cidr, service)?;
        let items = list.as_list().unwrap_or_default();
        let literal = ListLiteral::new(&block.file, &list_origin.location, items.len());
        let mut ranges = Vec::new();
        for &j in &group {
            editable_origin(block, sites[j].value, &sites[j].cidr, service)?;
            ranges.push((sites[j].index, literal.element_range(sites[j].value)?));
        }
        let mut delete = ranges;
        let only_world = delete.len() == items.len();
        if only_world {
            // Nothing else in the list: the first world CIDR becomes a private range.
            let (_, first) = delete.remove(0);
            edits.push(Edit::replacement(
                list_origin.location.path.clone(),
                first,
                format!("\"{private}\""),
            ));
            replaced.push(private);
        }
        if !delete.is_empty() {
            removed |= !only_world;
            edits.extend(literal.remove(&delete)?);
        }
    }
    let mut note = String::new();
    if removed {
        note.push_str(
            "Removes the world CIDR from the lists that name other sources, which keep their access. ",
        );
    }
    if !replaced.is_empty() {
        replaced.dedup();
        let ranges = replaced
            .iter()
            .map(|r| format!("`{r}`"))
            .collect::<Vec<_>>()
            .join(" / ");
        let traffic = service.traffic();
        let _ = write!(
            note,
            "Replaces the world CIDR with the private range {ranges}: {traffic} from the internet and from other private ranges stops working. "
        );
    }
    note.push_str(service.advice);
    let mut rest = edits.into_iter();
    let first = rest.next().ok_or(PlanError::NoEditNeeded)?;
    let mut planned = EditPlan::local(first);
    planned.edits.extend(rest);
    Ok((planned, note))
}

/// The origin of `value` when it is a literal written in `block` that an edit may replace;
/// else why no edit is generated.
fn editable_origin<'v>(
    block: &BlockView,
    value: &'v Value,
    cidr: &str,
    service: &Service,
) -> Result<&'v Origin, CidrEditError> {
    let cidr = cidr.to_owned();
    let Some(origin) = value.origin.as_deref() else {
        return Err(CidrEditError::Computed { cidr });
    };
    let at = format!("{}:{}", origin.location.path, origin.location.start.line);
    if !origin.editable {
        return Err(CidrEditError::FetchedModule { cidr, at });
    }
    if !origin.exact {
        return Err(CidrEditError::ComputedAt { cidr, at });
    }
    let in_block = origin.kind == OriginKind::Literal
        && origin.location.path == block.file.path
        && block.location.range.contains(origin.location.range.start);
    if !in_block {
        return Err(CidrEditError::Shared {
            cidr,
            site: origin.kind.describe(),
            at,
            traffic: service.traffic(),
        });
    }
    Ok(origin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::Selection;
    use crate::scan::scan_path;
    use driftless_diagnostics::apply_fixes;

    #[test]
    fn world_cidrs() {
        for cidr in [
            "0.0.0.0/0",
            "::/0",
            " 0.0.0.0/0 ",
            "0000:0000:0000:0000:0000:0000:0000:0000/0",
            "0:0::0/0",
        ] {
            assert!(is_world(cidr), "{cidr}");
        }
        for cidr in [
            "10.0.0.0/8",
            "0.0.0.0/1",
            "0.0.0.0",
            "1.0.0.0/0",
            "::1/0",
            "::/1",
            "any",
            "",
        ] {
            assert!(!is_world(cidr), "{cidr}");
        }
    }

    /// Scans `main.tf` holding `hcl` with `rule`, applies every review-or-safer fix once, and
    /// returns the new text (or the recommendation when there is no fix).
    pub(crate) fn fixed(rule: &str, hcl: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.tf"), hcl).unwrap();
        let selection = Selection {
            select: vec![rule.to_owned()],
            ..Selection::default()
        };
        let scan = scan_path(
            dir.path(),
            &driftless_hcl::LoadOptions::default(),
            &selection,
            "",
        );
        assert_eq!(scan.findings.len(), 1, "{:#?}", scan.findings);
        let finding = &scan.findings[0];
        let Some(fix) = &finding.fix else {
            return format!(
                "recommendation: {}",
                finding.recommendation.clone().unwrap()
            );
        };
        assert_eq!(fix.applicability(), Applicability::Review);
        let files = scan.project.files();
        let applied = apply_fixes(&[fix], Applicability::Review, |p| {
            files.get(p).map(|f| f.text.as_str())
        });
        applied.texts["main.tf"].clone()
    }

    const SSH: &str = "aws-vpc-sg-ssh-open-to-world";

    /// Regression (issue "Fidelity", item 8): a world CIDR set in a variable and written in a
    /// list (`cidr_blocks = [var.cidr]`) gets no edit, and its finding did not say where the
    /// value is set.
    #[test]
    fn a_world_cidr_from_a_variable_in_a_list_names_its_origin() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("main.tf"),
            "variable \"cidr\" {\n  default = \"0.0.0.0/0\"\n}\n\nresource \"aws_security_group\" \"ssh\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [var.cidr]\n  }\n}\n",
        )
        .unwrap();
        let selection = Selection {
            select: vec![SSH.to_owned()],
            ..Selection::default()
        };
        let scan = scan_path(
            dir.path(),
            &driftless_hcl::LoadOptions::default(),
            &selection,
            "",
        );
        let origin = scan.findings[0].value_origin.as_ref().expect("an origin");
        assert_eq!(origin.kind, OriginKind::VariableDefault);
        assert_eq!(
            (origin.location.path.as_str(), origin.location.start.line),
            ("main.tf", 2)
        );
        assert!(scan.findings[0].fix.is_none());
    }

    #[test]
    fn deletes_the_world_cidr_from_an_inline_list() {
        let before = r#"resource "aws_security_group_rule" "ssh" {
  type        = "ingress"
  protocol    = "tcp"
  from_port   = 22
  to_port     = 22
  cidr_blocks = ["192.0.2.0/24", "0.0.0.0/0", "198.51.100.0/24"]
}
"#;
        assert_eq!(fixed(SSH, before), before.replace(r#""0.0.0.0/0", "#, ""));
        let last = before.replace(r#", "198.51.100.0/24""#, "");
        assert_eq!(fixed(SSH, &last), last.replace(r#", "0.0.0.0/0""#, ""));
        let first = before.replace(r#""192.0.2.0/24", "#, "");
        assert_eq!(fixed(SSH, &first), first.replace(r#""0.0.0.0/0", "#, ""));
    }

    #[test]
    fn deletes_whole_lines_of_a_multi_line_list_and_keeps_comments() {
        let before = r#"resource "aws_security_group" "bastion" {
  ingress {
    protocol  = "tcp"
    from_port = 22
    to_port   = 22
    cidr_blocks = [
      "0.0.0.0/0", # temporary
      # office
      "192.0.2.0/24",
    ]
    ipv6_cidr_blocks = [
      "2001:db8::/32",
      "::/0"
    ]
  }
}
"#;
        let after = before
            .replace("      \"0.0.0.0/0\", # temporary\n", "")
            .replace("      \"::/0\"\n", "");
        assert_eq!(fixed(SSH, before), after);
    }

    #[test]
    fn replaces_a_lone_world_cidr_with_a_private_range() {
        let before = r#"resource "aws_security_group" "web" {
  ingress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv6         = "::/0"
}
"#;
        let after = before
            .replace(r#"["0.0.0.0/0"]"#, r#"["10.0.0.0/8"]"#)
            .replace(r#"["::/0"]"#, r#"["fd00::/8"]"#);
        let dir_text = fixed(SSH, &before[..before.find("\nresource \"aws_vpc").unwrap()]);
        assert_eq!(
            dir_text,
            &after[..after.find("\nresource \"aws_vpc").unwrap()]
        );
        let rule = &before[before.find("resource \"aws_vpc").unwrap()..];
        assert_eq!(fixed(SSH, rule), rule.replace(r#""::/0""#, r#""fd00::/8""#));
    }

    #[test]
    fn recommends_when_the_cidr_comes_from_a_variable() {
        let before = r#"variable "admin_cidrs" {
  default = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "ssh" {
  type        = "ingress"
  protocol    = "tcp"
  from_port   = 22
  to_port     = 22
  cidr_blocks = var.admin_cidrs
}
"#;
        let got = fixed(SSH, before);
        assert!(got.starts_with("recommendation: "), "{got}");
        assert!(got.contains("a variable default at main.tf:2"), "{got}");
    }
}
