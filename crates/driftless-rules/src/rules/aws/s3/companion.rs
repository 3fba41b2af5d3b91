//! The split-out configuration resources of an S3 bucket.
//!
//! Since version 4 of the AWS provider, a bucket's public access block, default encryption and
//! versioning are separate resources (`aws_s3_bucket_public_access_block`,
//! `aws_s3_bucket_server_side_encryption_configuration`, `aws_s3_bucket_versioning`) whose
//! `bucket` argument names the bucket
//! (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-4-upgrade#s3-bucket-refactor>).
//! This module finds the companion resources of a bucket, and renders a new companion to insert
//! next to it (a split-out resource is fixed by adding it next to the bucket, referencing the
//! bucket, when none exists yet), with the bucket's `count` or `for_each` carried over so that
//! every instance of the bucket gets its own companion.

use crate::checker::{Checker, attach_fix};
use crate::rules::common::{Referenced, numbered_name, referenced};
use driftless_diagnostics::{Applicability, IssueKind};
use driftless_hcl::edit::{EditPlan, insert_after, render_blocks, set_nested};
use driftless_hcl::{AttributeView, BlockView, Evaluation, Resource, Value};

/// The bucket resource type.
pub const BUCKET: &str = "aws_s3_bucket";

/// How one companion resource relates to one bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// It configures the bucket: its `bucket` refers to `aws_s3_bucket.<name>`, or its known
    /// value is the bucket's known name.
    Configures,
    /// It configures another bucket.
    Other,
    /// Its `bucket` is not known (a variable without value, a module output), or the bucket's
    /// own name is not: it may configure the bucket.
    Unknown,
}

/// What the companions of one type say about a bucket.
#[derive(Debug)]
pub enum Companions<'a> {
    /// These resources configure the bucket.
    Found(Vec<&'a Resource>),
    /// None is known to configure the bucket, but one may (its `bucket` is unknown).
    Unknown,
    /// None configures the bucket.
    None,
}

/// The bucket's name, when known (`bucket = "logs"`; `bucket_prefix` and absent names are
/// generated at apply time, so unknown).
fn bucket_name(bucket: &Resource) -> Option<String> {
    bucket
        .block
        .value("bucket")
        .and_then(|v| v.as_str().map(std::borrow::Cow::into_owned))
}

/// How `companion` relates to `bucket` (both in the same module instance). A companion
/// without `bucket` is broken, not a companion; one that names no bucket by reference
/// configures it when its known `bucket` is the bucket's known name.
#[must_use]
pub fn link(bucket: &Resource, companion: &Resource) -> Link {
    match referenced(bucket, companion, "bucket", &[BUCKET]) {
        None | Some((Referenced::Other, _)) => Link::Other,
        Some((Referenced::Target, _)) => Link::Configures,
        Some((Referenced::Nothing, attr)) => match (attr.value.as_str(), bucket_name(bucket)) {
            (Some(value), Some(name)) if value == name => Link::Configures,
            (Some(_), Some(_)) => Link::Other,
            _ => Link::Unknown,
        },
    }
}

/// Whether `companion`, in a module instance above `bucket`'s, names it through the output
/// of the module call that holds it (`bucket = module.site.id` for a bucket inside
/// `module.site`), and that call holds no other bucket: the output can only be this bucket's.
#[must_use]
pub fn through_module_output(
    evaluation: &Evaluation,
    bucket: &Resource,
    companion: &Resource,
) -> bool {
    let (outer, inner) = (&companion.address.module_path, &bucket.address.module_path);
    if outer.len() >= inner.len()
        || !outer.iter().zip(inner).all(|(a, b)| a == b)
        || evaluation.module_of(companion).root_module != evaluation.module_of(bucket).root_module
    {
        return false;
    }
    let call = &inner[outer.len()];
    let named = format!("module.{}", call.name);
    let names_call = companion.block.attribute("bucket").is_some_and(|a| {
        a.references
            .iter()
            .any(|r| *r == named || r.starts_with(&format!("{named}.")))
    });
    names_call
        && evaluation
            .of_type(BUCKET)
            .filter(|b| {
                b.address.module_path.len() > outer.len()
                    && b.address.module_path[..=outer.len()] == inner[..=outer.len()]
                    && evaluation.module_of(b).root_module
                        == evaluation.module_of(bucket).root_module
            })
            .count()
            == 1
}

/// The companions of type `resource_type` of `bucket`: those of its module instance that
/// refer to it or name it, those of other module instances of the same root module whose
/// known `bucket` is the bucket's known name, and those above it that name the output of the
/// module call holding it ([`through_module_output`]).
#[must_use]
pub fn find<'a>(
    evaluation: &'a Evaluation,
    bucket: &'a Resource,
    resource_type: &'a str,
) -> Companions<'a> {
    let mut found = Vec::new();
    let mut unknown = false;
    for companion in evaluation.siblings(bucket, resource_type) {
        match link(bucket, companion) {
            Link::Configures => found.push(companion),
            Link::Unknown => unknown = true,
            Link::Other => {}
        }
    }
    if found.is_empty() {
        found.extend(
            evaluation
                .of_type(resource_type)
                .filter(|r| through_module_output(evaluation, bucket, r)),
        );
    }
    if let (true, Some(name)) = (found.is_empty(), bucket_name(bucket)) {
        let root = &evaluation.module_of(bucket).root_module;
        found.extend(evaluation.of_type(resource_type).filter(|r| {
            r.module_instance != bucket.module_instance
                && evaluation.module_of(r).root_module == *root
                && r.block
                    .value("bucket")
                    .and_then(Value::as_str)
                    .is_some_and(|v| v == name)
        }));
    }
    match (found.is_empty(), unknown) {
        (false, _) => Companions::Found(found),
        (true, true) => Companions::Unknown,
        (true, false) => Companions::None,
    }
}

/// The body of a companion resource after its `bucket` argument.
#[derive(Debug, Clone, Copy)]
pub enum Body<'a> {
    /// Attributes aligned in one group with `bucket`.
    Attributes(&'a [(&'a str, &'a str)]),
    /// Nested blocks `path[0] { path[1] { name = value } }`, after a blank line.
    Nested {
        /// The nested block types, outermost first.
        path: &'a [&'a str],
        /// The attribute set in the innermost block.
        attribute: (&'a str, &'a str),
    },
}

/// A free name for a new `resource_type` resource in `bucket`'s module: the bucket's own name,
/// else `<name>_<suffix>`, else `<name>_<suffix>_2`, ...
fn free_name(
    evaluation: &Evaluation,
    bucket: &Resource,
    resource_type: &str,
    suffix: &str,
) -> String {
    let text = &bucket.block.file.text;
    let taken = |name: &str| {
        evaluation
            .siblings(bucket, resource_type)
            .any(|r| r.address.name == name)
            || text.contains(&format!("\"{resource_type}\" \"{name}\""))
    };
    let base = &bucket.address.name;
    if !taken(base) {
        return base.clone();
    }
    numbered_name(format!("{base}_{suffix}"), taken)
}

/// The expression a companion rendered by [`render`] uses for attribute `attribute` of
/// `bucket`: `aws_s3_bucket.<name>.<attribute>`, with `[count.index]` for a bucket with
/// `count`, or `each.value.<attribute>` for a bucket with `for_each` (the companion iterates
/// over the bucket's instances).
#[must_use]
pub fn bucket_reference(bucket: &Resource, attribute: &str) -> String {
    let block = &bucket.block;
    let label = &bucket.address.name;
    if block.attribute("count").is_some() {
        format!("{BUCKET}.{label}[count.index].{attribute}")
    } else if block.attribute("for_each").is_some() {
        format!("each.value.{attribute}")
    } else {
        format!("{BUCKET}.{label}.{attribute}")
    }
}

/// Renders a `resource_type` resource configuring `bucket`, to insert after the bucket's
/// block (no trailing newline), indented like the bucket and aligned as `terraform fmt`
/// aligns. The bucket's `count` is copied (`bucket = aws_s3_bucket.<name>[count.index].id`);
/// a bucket with `for_each` is iterated (`for_each = aws_s3_bucket.<name>`,
/// `bucket = each.value.id`). `suffix` names the resource when the bucket's name is taken.
#[must_use]
pub fn render(
    evaluation: &Evaluation,
    bucket: &Resource,
    resource_type: &str,
    suffix: &str,
    body: Body<'_>,
) -> String {
    let block = &bucket.block;
    let indent = &block.layout.indent;
    let ci = format!("{indent}  ");
    let name = free_name(evaluation, bucket, resource_type, suffix);
    let label = &bucket.address.name;
    let source_of = |attr: &str| {
        block.attribute(attr).map(|a| {
            let range = a.value_location.range;
            block.file.text[range.start as usize..range.end as usize].to_owned()
        })
    };
    let meta = if let Some(count) = source_of("count") {
        Some(format!("{ci}count = {count}\n\n"))
    } else if block.attribute("for_each").is_some() {
        Some(format!("{ci}for_each = {BUCKET}.{label}\n\n"))
    } else {
        None
    };
    let reference = bucket_reference(bucket, "id");
    let body = match body {
        Body::Attributes(attributes) => {
            let mut all = vec![("bucket", reference)];
            all.extend(attributes.iter().map(|(k, v)| (*k, (*v).to_owned())));
            render_blocks(&ci, &[], &all)
        }
        Body::Nested { path, attribute } => {
            let nested = render_blocks(&ci, path, &[(attribute.0, attribute.1.to_owned())]);
            format!("{ci}bucket = {reference}\n\n{nested}")
        }
    };
    let meta = meta.as_deref().unwrap_or_default();
    format!("{indent}resource \"{resource_type}\" \"{name}\" {{\n{meta}{body}\n{indent}}}")
}

/// The name of a `resource_type` block declared in the bucket's file that refers to the
/// bucket (`aws_s3_bucket.<name>`) although the bucket's module instance has no instance of it:
/// its `count` or `for_each` is empty here, so the feature exists and is switched off by an
/// input. Adding a second companion would fight with it once switched on.
///
/// This reads the file's text (blocks in other files of the module are not seen): the
/// evaluation keeps no declaration without instances.
#[must_use]
pub fn idle_declaration(bucket: &Resource, resource_type: &str) -> Option<String> {
    let text = &bucket.block.file.text;
    let header = format!("resource \"{resource_type}\" \"");
    let reference = format!("{BUCKET}.{}", bucket.address.name);
    let mut from = 0;
    while let Some(at) = text[from..].find(&header).map(|i| from + i) {
        from = at + header.len();
        let name: String = text[from..].chars().take_while(|c| *c != '"').collect();
        let Some(open) = text[from..].find('{').map(|i| from + i) else {
            break;
        };
        let body = block_text(&text[open..]);
        let refers = body.match_indices(&reference).any(|(i, _)| {
            !body[i + reference.len()..]
                .starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-')
        });
        if refers {
            return Some(name);
        }
    }
    None
}

/// The text of a block from its `{` to the matching `}` (strings and comments are not
/// parsed; braces in them are rare in companion resources, and a mismatch only widens the
/// text).
fn block_text(from_open: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in from_open.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return &from_open[..=i];
                }
            }
            _ => {}
        }
    }
    from_open
}

/// How to report a bucket without a companion and insert one.
#[derive(Debug, Clone, Copy)]
pub struct MissingCompanion<'a> {
    /// The companion's resource type.
    pub resource_type: &'a str,
    /// The name suffix when the bucket's name is taken (see [`render`]).
    pub suffix: &'a str,
    /// What the companion holds after `bucket`.
    pub body: Body<'a>,
    /// The finding's message.
    pub message: &'a str,
    /// What to do, when no edit can be made.
    pub advice: &'a str,
    /// The fix's applicability.
    pub applicability: Applicability,
    /// The fix's title.
    pub title: &'a str,
    /// The fix's impact note.
    pub note: &'a str,
}

/// Reports `bucket` at its header for lacking its companion, and attaches the fix that inserts
/// the companion after the bucket. When the file declares a companion for the bucket that has
/// no instance here ([`idle_declaration`]), the finding gets a recommendation instead: the
/// input that switches it on is what to change.
pub fn report_missing(cx: &mut Checker<'_>, bucket: &Resource, m: &MissingCompanion<'_>) {
    let evaluation = cx.evaluation;
    let module = evaluation.module_of(bucket);
    let shared = module.call_chain.last().map(|c| c.name.clone());
    let idle = idle_declaration(bucket, m.resource_type);
    let finding = cx.report(
        bucket,
        IssueKind::MissingAttribute,
        &bucket.block.header,
        m.message,
    );
    if let Some(name) = idle {
        finding.recommendation = Some(format!(
            "`{}.{name}` is declared for this bucket but has no instance here (its `count` or `for_each` is empty): switch it on through the variable or module input that controls it, rather than adding a second one.",
            m.resource_type
        ));
        return;
    }
    let text = render(evaluation, bucket, m.resource_type, m.suffix, m.body);
    let planned = insert_after(&bucket.block, &text).map(EditPlan::local);
    attach_fix(finding, planned, m.advice, |fix| {
        let mut fix = fix
            .with_applicability(m.applicability)
            .with_title(m.title)
            .with_note(m.note);
        if let Some(call) = &shared {
            fix.append_note(&format!(
                "The bucket is declared in a module (called as `{call}`): the new resource applies to every instance of that module."
            ));
        }
        fix
    });
}

/// Where a setting nested in blocks stands (`rule { apply_server_side_encryption_by_default {
/// sse_algorithm = ... } }`).
#[derive(Debug, Clone, Copy)]
pub enum Nested<'a> {
    /// Some block on the path holds an accepted value, or a value or a block that is unknown:
    /// nothing to report.
    Fine,
    /// A block of the path is missing: the deepest block that exists.
    MissingBlock(&'a BlockView),
    /// The innermost block exists without the attribute.
    MissingAttribute(&'a BlockView),
    /// The attribute holds a value that is refused (or `null`).
    Wrong(&'a AttributeView),
}

/// Looks for attribute `name` in the blocks `path` under `root`. When a block type repeats
/// (several `rule` blocks), one accepted or unknown value is enough; otherwise the first
/// problem found is returned. `accepts` answers `None` for a value it cannot judge, which is
/// never reported.
#[must_use]
pub fn assess<'a>(
    root: &'a BlockView,
    path: &'a [&'a str],
    name: &str,
    accepts: fn(&Value) -> Option<bool>,
) -> Nested<'a> {
    let Some((ident, rest)) = path.split_first() else {
        return match root.attribute(name) {
            None => Nested::MissingAttribute(root),
            Some(attr) if attr.value.is_null() => Nested::Wrong(attr),
            Some(attr) => match accepts(&attr.value) {
                Some(false) => Nested::Wrong(attr),
                Some(true) | None => Nested::Fine,
            },
        };
    };
    if root.may_have_block(ident) {
        return Nested::Fine;
    }
    let mut first = None;
    for child in root.blocks_of(ident) {
        match assess(child, rest, name, accepts) {
            Nested::Fine => return Nested::Fine,
            problem => {
                first.get_or_insert(problem);
            }
        }
    }
    first.unwrap_or(Nested::MissingBlock(root))
}

/// How to report a [`Nested`] problem and fix it.
#[derive(Debug, Clone, Copy)]
pub struct NestedFix<'a> {
    /// The nested block types from the root block down to the attribute's block.
    pub path: &'a [&'a str],
    /// The attribute.
    pub attribute: &'a str,
    /// The HCL the fix writes.
    pub value: &'a str,
    /// What is wrong, the start of the message: "Bucket versioning is not enabled".
    pub subject: &'a str,
    /// The fix's applicability.
    pub applicability: Applicability,
    /// The fix's title.
    pub title: &'a str,
    /// The fix's impact note.
    pub note: &'a str,
    /// Whether the change replaces the resource, given its block ([`never`] for most): the
    /// fix then declares it ([`driftless_diagnostics::Fix::replacing`]).
    pub replaces: fn(&BlockView) -> bool,
}

/// For [`NestedFix::replaces`]: the change never replaces the resource.
#[must_use]
pub fn never(_: &BlockView) -> bool {
    false
}

/// Reports `problem` found under `root` (the block of `resource`, or a nested block of it
/// that `fix.path` starts from) and attaches the fix that sets `fix.attribute` through
/// `fix.path`, inserting the blocks that are missing. [`Nested::Fine`] reports nothing.
pub fn report_nested(
    cx: &mut Checker<'_>,
    resource: &Resource,
    root: &BlockView,
    problem: Nested<'_>,
    fix: &NestedFix<'_>,
) {
    let describe = |b: &BlockView| {
        if b.ident == "resource" {
            resource.resource_type().to_owned()
        } else {
            b.ident.clone()
        }
    };
    let (kind, location, message) = match problem {
        Nested::Fine => return,
        Nested::MissingBlock(b) => {
            let next = fix
                .path
                .iter()
                .position(|p| *p == b.ident)
                .map_or(fix.path.first(), |i| fix.path.get(i + 1))
                .copied()
                .unwrap_or(fix.attribute);
            (
                IssueKind::MissingAttribute,
                &b.header,
                format!("{}: `{}` has no `{next}` block", fix.subject, describe(b)),
            )
        }
        Nested::MissingAttribute(b) => (
            IssueKind::MissingAttribute,
            &b.header,
            format!(
                "{}: `{}` has no `{}`",
                fix.subject,
                describe(b),
                fix.attribute
            ),
        ),
        Nested::Wrong(a) => (
            IssueKind::IncorrectValue,
            &a.value_location,
            format!(
                "{}: `{} = {}`",
                fix.subject,
                fix.attribute,
                a.value.to_hcl()
            ),
        ),
    };
    let finding = cx.report(resource, kind, location, message);
    let planned = set_nested(root, fix.path, fix.attribute, fix.value);
    let advice = format!(
        "Set `{}` to `{}`{}.",
        fix.path
            .iter()
            .copied()
            .chain([fix.attribute])
            .collect::<Vec<_>>()
            .join("."),
        fix.value,
        if fix.path.is_empty() {
            ""
        } else {
            ", adding the blocks that are missing"
        }
    );
    let replaces = (fix.replaces)(&resource.block);
    attach_fix(finding, planned, &advice, |f| {
        let f = f
            .with_applicability(fix.applicability)
            .with_title(fix.title)
            .with_note(fix.note);
        if replaces { f.replacing() } else { f }
    });
}

#[cfg(test)]
mod tests {
    use super::{Body, bucket_reference, render};

    #[test]
    fn references_follow_the_bucket_repetition() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("main.tf"),
            "resource \"aws_s3_bucket\" \"one\" {}\n\nresource \"aws_s3_bucket\" \"pool\" {\n  count = 2\n}\n\nresource \"aws_s3_bucket\" \"team\" {\n  for_each = toset([\"a\"])\n}\n",
        )
        .unwrap();
        let project =
            driftless_hcl::Project::load(dir.path(), &driftless_hcl::LoadOptions::default());
        let evaluation = driftless_hcl::evaluate(&project);
        let by_name = |name: &str| {
            evaluation
                .resources
                .iter()
                .find(|r| r.address.name == name)
                .unwrap()
        };
        assert_eq!(
            bucket_reference(by_name("one"), "arn"),
            "aws_s3_bucket.one.arn"
        );
        assert_eq!(
            bucket_reference(by_name("pool"), "arn"),
            "aws_s3_bucket.pool[count.index].arn"
        );
        assert_eq!(bucket_reference(by_name("team"), "arn"), "each.value.arn");
        let text = render(
            &evaluation,
            by_name("pool"),
            "aws_s3_bucket_logging",
            "logging",
            Body::Attributes(&[("target_prefix", "\"pool/\"")]),
        );
        assert_eq!(
            text,
            "resource \"aws_s3_bucket_logging\" \"pool\" {\n  count = 2\n\n  bucket        = aws_s3_bucket.pool[count.index].id\n  target_prefix = \"pool/\"\n}"
        );
    }
}
