//! Checks many rules share: an attribute that must hold a value, with its default when absent.

use crate::checker::{Checker, attach_fix};
use driftless_diagnostics::{Applicability, Fix, IssueKind};
use driftless_hcl::edit::set_attribute;
use driftless_hcl::{BlockView, Resource, Value};

/// An attribute that must hold an acceptable value.
pub struct Requirement<'a> {
    /// The attribute's name in `block`.
    pub attribute: &'a str,
    /// Whether a known value is acceptable.
    pub accepts: fn(&Value) -> Option<bool>,
    /// Whether the provider default (attribute absent) is acceptable.
    pub default_ok: bool,
    /// The HCL the fix writes.
    pub fix_value: &'a str,
    /// The message when the attribute is absent.
    pub absent_message: &'a str,
    /// The message when the value is wrong.
    pub wrong_message: &'a str,
    /// The fix's applicability.
    pub applicability: Applicability,
    /// The fix's title.
    pub title: &'a str,
    /// The fix's impact note.
    pub note: &'a str,
    /// Whether changing the attribute destroys and re-creates the resource (the provider
    /// forces a replacement; the note must say so). Verified against Terraform's plan of
    /// every bad fixture (`crates/driftless-fix/tests/verified_fixtures.rs`).
    pub replaces: bool,
}

/// What a resource's reference attribute (`bucket`, `vpc_id`) names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Referenced {
    /// The target resource, `aws_s3_bucket.<name>`.
    Target,
    /// Another resource or data source of the target's kinds.
    Other,
    /// No resource of those kinds: a literal, a variable, a module output.
    Nothing,
}

/// What attribute `attribute` of `other` refers to, among resources of `kinds`, looking also
/// at its `for_each` and `count` (`for_each = aws_s3_bucket.x` with `bucket = each.value.id`
/// names the bucket there); `None` when `other` has no such attribute. The attribute comes
/// back for the caller's look at its value.
#[must_use]
pub fn referenced<'a>(
    target: &Resource,
    other: &'a Resource,
    attribute: &str,
    kinds: &[&str],
) -> Option<(Referenced, &'a driftless_hcl::AttributeView)> {
    let attr = other.block.attribute(attribute)?;
    let own = format!("{}.{}", target.resource_type(), target.address.name);
    let references = attr.references.iter().chain(
        ["for_each", "count"]
            .iter()
            .filter_map(|m| other.block.attribute(m))
            .flat_map(|a| a.references.iter()),
    );
    let mut of_kind = false;
    for r in references {
        if *r == own {
            return Some((Referenced::Target, attr));
        }
        of_kind |= kinds
            .iter()
            .any(|k| r.starts_with(&format!("{k}.")) || r.starts_with(&format!("data.{k}.")));
    }
    Some((
        if of_kind {
            Referenced::Other
        } else {
            Referenced::Nothing
        },
        attr,
    ))
}

/// Accepts the boolean `true` (or the string `"true"`).
#[must_use]
pub fn is_true(v: &Value) -> Option<bool> {
    v.as_bool()
}

/// Accepts the boolean `false`.
#[must_use]
pub fn is_false(v: &Value) -> Option<bool> {
    v.as_bool().map(|b| !b)
}

/// `base` when `taken` says it is free, else the first free one of `<base>_2`, `<base>_3`,
/// ...: the name of a new resource block.
// `taken` answers for the finitely many blocks of one module, so the search ends.
#[allow(clippy::maybe_infinite_iter)]
pub(crate) fn numbered_name(base: String, taken: impl Fn(&str) -> bool) -> String {
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|n| !taken(n))
        .unwrap_or(base)
}

/// Checks `requirement` on `block` (the resource block or one of its nested blocks) of
/// `resource`, reporting and attaching a fix. Unknown values never report.
pub fn require(cx: &mut Checker<'_>, resource: &Resource, block: &BlockView, r: &Requirement<'_>) {
    let (kind, location, message) = match block.attribute(r.attribute) {
        None if r.default_ok => return,
        None => (IssueKind::MissingAttribute, &block.header, r.absent_message),
        Some(attr) => {
            if attr.value.is_null() && r.default_ok {
                return;
            }
            let ok = if attr.value.is_null() {
                Some(false)
            } else {
                (r.accepts)(&attr.value)
            };
            if ok != Some(false) {
                return;
            }
            (
                IssueKind::IncorrectValue,
                &attr.value_location,
                r.wrong_message,
            )
        }
    };
    let finding = cx.report(resource, kind, location, message);
    let planned = set_attribute(block, r.attribute, r.fix_value);
    let advice = format!("Set `{} = {}`.", r.attribute, r.fix_value);
    attach_fix(finding, planned, &advice, |fix: Fix| {
        let fix = fix
            .with_applicability(r.applicability)
            .with_title(r.title)
            .with_note(r.note);
        if r.replaces { fix.replacing() } else { fix }
    });
}
