//! `aws-vpc-default-sg-restricts-all`: the default security group of every VPC allows no
//! traffic.

use super::companion::{self, Companions};
use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, Edit, IssueKind, Severity, TextRange};
use driftless_hcl::edit::{EditPlan, PlanError, block_lines, insert_after, set_attribute};
use driftless_hcl::{BlockView, Resource};

declare_rule! {
    /// ## What it checks
    /// That the default security group of every VPC the configuration creates has no rule:
    /// - an `aws_vpc` or `aws_default_vpc` without an `aws_default_security_group` of the same
    ///   module whose `vpc_id` refers to it: AWS then keeps the group's default rules, which
    ///   allow all inbound traffic from members of the group and all outbound traffic
    ///   (<https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html>);
    /// - an `aws_default_security_group` with `ingress` or `egress` rules (blocks, or a
    ///   non-empty `ingress = [...]` / `egress = [...]` attribute);
    /// - an `aws_security_group_rule`, `aws_vpc_security_group_ingress_rule` or
    ///   `aws_vpc_security_group_egress_rule` whose `security_group_id` is the default group
    ///   (`aws_default_security_group.<name>.id`, or a VPC's `default_security_group_id`).
    ///
    /// A VPC is not reported when an `aws_default_security_group` of the same root module has
    /// a `vpc_id` unknown before apply (a module that receives the VPC's id), or when its own
    /// module declares one that has no instance here (an input switches it off: the finding
    /// then says so instead of adding a second one). Rules whose repetition (a `dynamic` block's
    /// `for_each`) is unknown are not reported.
    ///
    /// ## Why it matters
    /// Resources launched without a security group (instances, interfaces, endpoints, Lambda
    /// functions in the VPC, RDS and ElastiCache without one given) land in the default group.
    /// With its default rules they can all reach each other on every port and the whole
    /// internet outbound, whatever their purpose: one compromised member reaches all the others.
    /// An empty default group forces every resource onto a group designed for it (CIS AWS
    /// Foundations 5.4, Security Hub EC2.2:
    /// <https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2>).
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
    /// resource "aws_default_security_group" "main" {
    ///   vpc_id = aws_vpc.main.id
    /// }
    /// ```
    ///
    /// ## Fix
    /// - A VPC without its default security group: adds `aws_default_security_group` after the
    ///   VPC with `vpc_id` referring to it and no rule (the VPC's `count` or `for_each` carried
    ///   over). When the provider adopts the default group it removes all its rules
    ///   (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_security_group>).
    /// - A default security group with rules: deletes its `ingress` and `egress` blocks (whole
    ///   lines, with the blank line before each), or replaces an `ingress = [...]` /
    ///   `egress = [...]` attribute's value with `[]`. Rules from `dynamic` blocks get a
    ///   recommendation instead: the input that feeds them is what to change.
    /// - A rule resource on the default group: a recommendation to move it to a security group
    ///   made for its purpose; driftless does not delete resources.
    ///
    /// ## Fix safety
    /// `review`: everything in the default group loses the traffic its rules allowed: members
    /// stop reaching each other, and lose outbound access (package mirrors, AWS APIs, the
    /// internet). Find the members first (the network interfaces whose group is the default
    /// one) and give each a security group of its own.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2>
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/vpc-default-security-group-closed.html>
    /// - Security Hub FSBP `EC2.2`, CIS AWS Foundations 5.4; Checkov `CKV2_AWS_12`; Trivy
    ///   `AVD-AWS-0173` (`aws-ec2-restrict-all-in-default-sg`); KICS
    ///   `9a4ef195-74b9-4c58-b8ed-2b2fe4353a75` (`vpc_default_security_group_accepts_all_traffic`);
    ///   Prowler `ec2_securitygroup_default_restrict_traffic`
    /// - Checkov `CKV2_AWS_12` reports the VPC whatever is wrong; driftless reports the VPC
    ///   when its default group is not managed, and otherwise the resource holding the rule,
    ///   where the fix goes.
    pub struct DefaultSgRestrictsAll {
        id: "aws-vpc-default-sg-restricts-all",
        title: "The default security group of every VPC allows no traffic",
        severity: Severity::Medium,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &[
            "aws_default_security_group",
            "aws_default_vpc",
            "aws_security_group_rule",
            "aws_vpc",
            "aws_vpc_security_group_egress_rule",
            "aws_vpc_security_group_ingress_rule",
        ],
        fix: FixAvailability::Sometimes,
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2",
            "https://docs.aws.amazon.com/config/latest/developerguide/vpc-default-security-group-closed.html",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV2_AWS_12"],
            trivy: &["AVD-AWS-0173", "AWS-0173", "aws-ec2-restrict-all-in-default-sg"],
            kics: &["9a4ef195-74b9-4c58-b8ed-2b2fe4353a75"],
            prowler: &["ec2_securitygroup_default_restrict_traffic"],
            security_hub: &["EC2.2"],
            terrascan: &[],
        },
        check: default_sg_restricts_all,
    }
}

/// The default security group resource type.
const DEFAULT_SG: &str = "aws_default_security_group";

const TITLE_ADOPT: &str = "Manage the default security group with no rules";
const TITLE_REMOVE: &str = "Remove the default security group's rules";
const NOTE: &str = "Everything in the default security group loses the traffic its rules allowed (members reaching each other, outbound access): give each member a security group of its own first.";
const ADVICE: &str = "Remove the default security group's rules, and give the resources that need them a security group of their own.";

/// `aws-vpc-default-sg-restricts-all`
fn default_sg_restricts_all(cx: &mut Checker<'_>, resource: &Resource) {
    match resource.resource_type() {
        "aws_vpc" | "aws_default_vpc" => check_vpc(cx, resource),
        DEFAULT_SG => check_default_group(cx, resource),
        _ => check_rule_resource(cx, resource),
    }
}

/// A VPC whose default security group is not managed.
fn check_vpc(cx: &mut Checker<'_>, vpc: &Resource) {
    let evaluation = cx.evaluation;
    if !matches!(
        companion::find(evaluation, vpc, DEFAULT_SG),
        Companions::None
    ) {
        return;
    }
    let idle = companion::idle_declaration(evaluation, vpc, DEFAULT_SG);
    let module = evaluation.module_of(vpc);
    let shared = module.call_chain.last().map(|c| c.name.clone());
    let finding = cx.report(
        vpc,
        IssueKind::MissingAttribute,
        &vpc.block.header,
        "VPC's default security group keeps its default rules (no `aws_default_security_group` for it): members can reach each other and the internet",
    );
    if let Some(name) = idle {
        finding.recommendation = Some(format!(
            "`{DEFAULT_SG}.{name}` is declared in this module but has no instance here (its `count` or `for_each` is empty): switch it on through the variable or module input that controls it, rather than adding a second one."
        ));
        return;
    }
    let text = companion::render(evaluation, vpc, DEFAULT_SG, "default", &[]);
    let planned = insert_after(&vpc.block, &text).map(EditPlan::local);
    attach_fix(
        finding,
        planned,
        "Add an `aws_default_security_group` for the VPC, without rules.",
        |fix| {
            let mut fix = fix
                .with_applicability(Applicability::Review)
                .with_title(TITLE_ADOPT)
                .with_note(NOTE);
            if let Some(call) = &shared {
                fix.append_note(&format!(
                    "The VPC is declared in a module (called as `{call}`): the new resource applies to every instance of that module."
                ));
            }
            fix
        },
    );
}

/// The rules of a default security group: its `ingress`/`egress` blocks and non-empty
/// attributes.
fn check_default_group(cx: &mut Checker<'_>, group: &Resource) {
    let block = &group.block;
    let rules: Vec<&BlockView> = block
        .blocks
        .iter()
        .filter(|b| b.ident == "ingress" || b.ident == "egress")
        .filter(|b| !b.unknown_repetition)
        .collect();
    let attributes: Vec<_> = ["ingress", "egress"]
        .iter()
        .filter_map(|k| block.attribute(k))
        .filter(|a| a.value.as_list().is_some_and(|l| !l.is_empty()))
        .collect();
    let first_location = rules
        .iter()
        .map(|b| &b.header)
        .chain(attributes.iter().map(|a| &a.value_location))
        .min_by_key(|l| (l.path != block.file.path, l.range.start));
    let Some(location) = first_location else {
        return;
    };
    let kinds: Vec<&str> = ["ingress", "egress"]
        .into_iter()
        .filter(|k| rules.iter().any(|b| b.ident == *k) || attributes.iter().any(|a| a.name == *k))
        .collect();
    let message = format!(
        "Default security group has {} rules: it must allow no traffic",
        kinds.join(" and ")
    );
    let location = location.clone();
    let finding = cx.report(group, IssueKind::RedundantAttribute, &location, message);
    let planned = plan_removal(block, &rules, &attributes);
    attach_fix(finding, planned, ADVICE, |fix| {
        fix.with_applicability(Applicability::Review)
            .with_title(TITLE_REMOVE)
            .with_note(NOTE)
    });
}

/// Why the rules of a default security group cannot be removed by an edit.
#[derive(Debug, thiserror::Error)]
enum RemovalError {
    /// A rule block is made by a `dynamic` block.
    #[error(
        "Some rules come from `dynamic` blocks: empty their `for_each` (or remove the blocks) through the input that feeds them."
    )]
    DynamicRules,
    /// An edit cannot be planned.
    #[error(transparent)]
    Plan(#[from] PlanError),
}

/// The edits that remove `rules` (blocks) and empty `attributes` of `block`.
fn plan_removal(
    block: &BlockView,
    rules: &[&BlockView],
    attributes: &[&driftless_hcl::AttributeView],
) -> Result<EditPlan, RemovalError> {
    if rules.iter().any(|b| b.dynamic) {
        return Err(RemovalError::DynamicRules);
    }
    if !block.file.editable {
        return Err(PlanError::FetchedModule.into());
    }
    let mut edits = Vec::new();
    let mut origin = None;
    for attr in attributes {
        let planned = set_attribute(block, &attr.name, "[]")?;
        origin = origin.or(planned.origin);
        edits.extend(planned.edits);
    }
    let mut ranges: Vec<TextRange> = rules.iter().map(|b| deletion_range(b)).collect();
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<TextRange> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => {
                *last = TextRange::new(last.start, last.end.max(r.end));
            }
            _ => merged.push(r),
        }
    }
    edits.extend(
        merged
            .into_iter()
            .map(|r| Edit::deletion(block.file.path.clone(), r)),
    );
    let mut edits = edits.into_iter();
    let first = edits.next().ok_or(PlanError::NoEditNeeded)?;
    let mut planned = EditPlan::local(first);
    planned.edits.extend(edits);
    planned.origin = origin;
    Ok(planned)
}

/// The range that deletes nested block `b`: its whole lines with the blank line before them
/// (or after them, when none precedes) when it sits on lines of its own, else its bytes.
fn deletion_range(b: &BlockView) -> TextRange {
    let Some(lines) = block_lines(b)
        .filter(|l| l.after.is_empty() || l.after.starts_with('#') || l.after.starts_with("//"))
    else {
        return b.location.range;
    };
    let text = b.file.text.as_str();
    let index = &b.file.line_index;
    let (first, last) = (lines.first, lines.last);
    let (first_start, end) = (lines.range.start, lines.range.end);
    let blank = |line: u32| line >= 1 && index.line_text(text, line).trim().is_empty();
    if first > 1 && blank(first - 1) {
        let start = index.line_start(first - 1).unwrap_or(first_start);
        return TextRange::new(start, end);
    }
    if blank(last + 1) && index.line_start(last + 2).is_some() {
        let after_blank = index.line_start(last + 2).unwrap_or(end);
        return TextRange::new(first_start, after_blank);
    }
    TextRange::new(first_start, end)
}

/// A separate rule resource attached to a default security group.
fn check_rule_resource(cx: &mut Checker<'_>, rule: &Resource) {
    let Some(attr) = rule.block.attribute("security_group_id") else {
        return;
    };
    let range = attr.value_location.range;
    let expression = rule
        .block
        .file
        .text
        .get(range.start as usize..range.end as usize)
        .unwrap_or_default();
    let names_vpc = attr.references.iter().any(|r| {
        companion::VPC_TYPES
            .iter()
            .any(|t| r.starts_with(&format!("{t}.")) || r.starts_with(&format!("data.{t}.")))
    });
    let on_default = attr
        .references
        .iter()
        .any(|r| r.starts_with(&format!("{DEFAULT_SG}.")))
        || (names_vpc && expression.contains(".default_security_group_id"));
    if !on_default {
        return;
    }
    let finding = cx.report(
        rule,
        IssueKind::IncorrectValue,
        &attr.value_location,
        "Security group rule adds a rule to a VPC's default security group, which must allow no traffic",
    );
    finding.recommendation = Some("Attach this rule to a security group made for the resources that need it, and move those resources to that group; the default group keeps no rule.".to_owned());
}
