//! The resources that configure a VPC from outside its block: its default security group
//! (`aws_default_security_group`) and its flow logs (`aws_flow_log`), both of which name the
//! VPC in `vpc_id`. This module finds them for a VPC, and renders a new one to insert next to
//! the VPC, with the VPC's `count` or `for_each` carried over (as `s3::companion` does for
//! buckets).

use crate::rules::common::{Referenced, numbered_name, referenced};
use driftless_hcl::{Evaluation, Resource};

/// The resource types that create a VPC.
pub(crate) const VPC_TYPES: &[&str] = &["aws_vpc", "aws_default_vpc"];

/// How one resource relates to one VPC through its `vpc_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Link {
    /// Its `vpc_id` refers to the VPC (`aws_vpc.<name>`, directly, through a local or through
    /// its `for_each`).
    Configures,
    /// It names another VPC, an existing one (a literal id, the `aws_vpc` data source), or no
    /// VPC at all (`vpc_id` absent: a flow log of a subnet or an interface).
    Other,
    /// Its `vpc_id` is not known (a variable, a module output): it may name the VPC.
    Unknown,
}

/// `aws_vpc.<name>` for `vpc`.
pub(crate) fn reference(vpc: &Resource) -> String {
    format!("{}.{}", vpc.resource_type(), vpc.address.name)
}

/// How `other`'s `vpc_id` relates to `vpc`. A VPC's id is only known after apply, so a known
/// `vpc_id` names an existing VPC.
pub(crate) fn link(vpc: &Resource, other: &Resource) -> Link {
    match referenced(vpc, other, "vpc_id", VPC_TYPES) {
        Some((Referenced::Target, _)) => Link::Configures,
        Some((Referenced::Nothing, attr)) if attr.value.is_unknown() => Link::Unknown,
        // No `vpc_id`, another VPC, or a known id (a VPC that already exists).
        None | Some((Referenced::Other | Referenced::Nothing, _)) => Link::Other,
    }
}

/// What the resources of one type say about a VPC.
#[derive(Debug)]
pub(crate) enum Companions {
    /// A resource of the VPC's module instance names the VPC.
    Found,
    /// None names the VPC, but one of the same root module may (its `vpc_id` is unknown).
    Unknown,
    /// None names the VPC.
    None,
}

/// Whether a resource of type `resource_type` names `vpc`: one of its module instance that
/// refers to it; when there is none, whether a resource of that type anywhere in the same root
/// module has a `vpc_id` that is not known (a module that receives the VPC's id as a variable).
pub(crate) fn find(evaluation: &Evaluation, vpc: &Resource, resource_type: &str) -> Companions {
    if evaluation
        .siblings(vpc, resource_type)
        .any(|r| link(vpc, r) == Link::Configures)
    {
        return Companions::Found;
    }
    let root = &evaluation.module_of(vpc).root_module;
    let unknown = evaluation
        .of_type(resource_type)
        .any(|r| evaluation.module_of(r).root_module == *root && link(vpc, r) == Link::Unknown);
    if unknown {
        Companions::Unknown
    } else {
        Companions::None
    }
}

/// The name of a `resource_type` block declared in `vpc`'s module that has no instance in the
/// VPC's module instance (its `count` or `for_each` is empty here) and may be the VPC's: its
/// text names this VPC, or no VPC directly (it may through a variable or a local). The
/// feature exists and an input switches it off, so that input is what to change rather than
/// adding a second block.
pub(crate) fn idle_declaration(
    evaluation: &Evaluation,
    vpc: &Resource,
    resource_type: &str,
) -> Option<String> {
    let module = &evaluation.module_of(vpc).module;
    let own = reference(vpc);
    module
        .resources
        .iter()
        .filter(|d| d.resource_type == resource_type)
        .filter(|d| {
            !evaluation
                .siblings(vpc, resource_type)
                .any(|r| r.address.name == d.name)
        })
        .find(|d| {
            let text = declaration_text(&d.file.text, resource_type, &d.name);
            let names = |r: &str| {
                text.match_indices(r).any(|(i, _)| {
                    !text[i + r.len()..]
                        .starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-')
                })
            };
            names(&own) || !VPC_TYPES.iter().any(|t| text.contains(&format!("{t}.")))
        })
        .map(|d| d.name.clone())
}

/// The text of `resource "<resource_type>" "<name>" { ... }` in `text`, from its `{` to the
/// matching `}` (braces in strings and comments are not told apart; a mismatch only widens
/// the text); empty when the header is not found as written.
fn declaration_text<'t>(text: &'t str, resource_type: &str, name: &str) -> &'t str {
    let header = format!("\"{resource_type}\" \"{name}\"");
    let Some(at) = text.find(&header) else {
        return "";
    };
    let Some(open) = text[at..].find('{').map(|i| at + i) else {
        return "";
    };
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return &text[open..=open + i];
                }
            }
            _ => {}
        }
    }
    &text[open..]
}

/// A free name for a new `resource_type` resource in `vpc`'s module: the VPC's own name, else
/// `<name>_<suffix>`, else `<name>_<suffix>_2`, ...
fn free_name(evaluation: &Evaluation, vpc: &Resource, resource_type: &str, suffix: &str) -> String {
    let module = &evaluation.module_of(vpc).module;
    let taken = |name: &str| {
        module
            .resources
            .iter()
            .any(|d| d.resource_type == resource_type && d.name == name)
    };
    let base = &vpc.address.name;
    if !taken(base) {
        return base.clone();
    }
    numbered_name(format!("{base}_{suffix}"), taken)
}

/// Renders a `resource_type` resource whose `vpc_id` names `vpc`, followed by `attributes`
/// (aligned with `vpc_id`), to insert after the VPC's block (no trailing newline). The VPC's
/// `count` is copied (`vpc_id = aws_vpc.<name>[count.index].id`); a VPC with `for_each` is
/// iterated (`for_each = aws_vpc.<name>`, `vpc_id = each.value.id`). `suffix` names the
/// resource when the VPC's name is taken.
pub(crate) fn render(
    evaluation: &Evaluation,
    vpc: &Resource,
    resource_type: &str,
    suffix: &str,
    attributes: &[(&str, &str)],
) -> String {
    let block = &vpc.block;
    let indent = &block.layout.indent;
    let ci = format!("{indent}  ");
    let name = free_name(evaluation, vpc, resource_type, suffix);
    let own = reference(vpc);
    let (meta, id) = if let Some(count) = block.attribute("count") {
        let range = count.value_location.range;
        let text = &block.file.text[range.start as usize..range.end as usize];
        (
            format!("{ci}count = {text}\n\n"),
            format!("{own}[count.index].id"),
        )
    } else if block.attribute("for_each").is_some() {
        (
            format!("{ci}for_each = {own}\n\n"),
            "each.value.id".to_owned(),
        )
    } else {
        (String::new(), format!("{own}.id"))
    };
    let mut all = vec![("vpc_id", id.as_str())];
    all.extend(attributes.iter().copied());
    let width = all.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let lines: Vec<String> = all
        .iter()
        .map(|(k, v)| format!("{ci}{k}{} = {v}", " ".repeat(width - k.len())))
        .collect();
    format!(
        "{indent}resource \"{resource_type}\" \"{name}\" {{\n{meta}{}\n{indent}}}",
        lines.join("\n")
    )
}
