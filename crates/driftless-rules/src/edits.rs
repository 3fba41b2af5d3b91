//! Where a fix's edits go and what text they insert: replace a value where it is set
//! (DESIGN.md "Mapping rules of thumb"), insert a missing attribute or nested block indented
//! like its siblings and aligned as `terraform fmt` aligns, or add a companion resource next to
//! the resource it configures. Edits are minimal byte ranges; nothing is reprinted.

use driftless_diagnostics::{Edit, OriginKind, ValueOrigin};
use driftless_hcl::{AttributeView, BlockView, ModuleInputs};

/// The edits of a fix, and where the value at fault is set when that is not the block.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The edits.
    pub edits: Vec<Edit>,
    /// Where the replaced value was set, when not a literal in the resource block.
    pub origin: Option<ValueOrigin>,
}

impl Planned {
    /// One edit in the resource block itself.
    #[must_use]
    pub fn local(edit: Edit) -> Self {
        Self {
            edits: vec![edit],
            origin: None,
        }
    }

    /// The edits of every plan in `plans` as one fix (for a finding that covers several
    /// blocks of one resource): an edit two plans share (two blocks set from one variable)
    /// appears once, and the first origin outside the block is kept.
    ///
    /// # Errors
    /// The first plan's error, as one fix that leaves a value at fault would not resolve the
    /// finding; or, for no plan at all, that there is nothing to edit.
    pub fn combine(plans: impl IntoIterator<Item = Result<Self, String>>) -> Result<Self, String> {
        let mut all: Option<Self> = None;
        for plan in plans {
            let plan = plan?;
            match &mut all {
                None => all = Some(plan),
                Some(all) => {
                    for edit in plan.edits {
                        if !all.edits.contains(&edit) {
                            all.edits.push(edit);
                        }
                    }
                    if all.origin.is_none() {
                        all.origin = plan.origin;
                    }
                }
            }
        }
        all.ok_or_else(|| "No edit can be generated.".to_owned())
    }
}

/// Why a block evaluated from the registry module knowledge base cannot take an edit that the
/// module has no input for.
fn no_input(registry: &ModuleInputs, what: &str) -> String {
    format!(
        "The resource is made by the registry module {}, which has no input for {what}; driftless never edits a module's code: use the module's own options, or a module that exposes it.",
        registry.module
    )
}

/// Renders `value_hcl` nested in objects along `keys`: `{ http_tokens = "required" }`.
fn nest(keys: &[String], value_hcl: &str) -> String {
    keys.iter()
        .rev()
        .fold(value_hcl.to_owned(), |v, k| format!("{{ {k} = {v} }}"))
}

/// Sets input `path` (without `var.`, `["metadata_options", "http_tokens"]`) of a registry
/// module call to `new_hcl`, editing only the `module` block `call`: replaces the value where
/// the argument sets it, inserts the key into the argument's object, or inserts the argument
/// (`metadata_options = { http_tokens = "required" }`).
///
/// # Errors
/// When the argument is set but computed (a variable, a function call), so no edit can be
/// made without changing its meaning.
pub fn set_call_input(call: &BlockView, path: &[String], new_hcl: &str) -> Result<Planned, String> {
    let Some((name, rest)) = path.split_first() else {
        return Err("No module input to set.".to_owned());
    };
    let call_origin = || ValueOrigin {
        kind: OriginKind::ModuleArgument,
        location: call.header.clone(),
    };
    let Some(arg) = call.attribute(name) else {
        let edit = insert_attribute(call, name, &nest(rest, new_hcl))?;
        return Ok(Planned {
            edits: vec![edit],
            origin: Some(call_origin()),
        });
    };
    let mut value = &arg.value;
    for (i, key) in rest.iter().enumerate() {
        match value.get(key) {
            Some(v) if !v.is_null() || v.origin.is_some() => value = v,
            _ => return insert_into_object(call, arg, value, &rest[i..], new_hcl),
        }
    }
    let origin = value
        .origin
        .as_ref()
        .filter(|o| o.exact && o.editable && o.input.is_none());
    match origin {
        Some(o) => Ok(Planned {
            edits: vec![Edit::replacement(
                o.location.path.clone(),
                o.location.range,
                new_hcl,
            )],
            origin: Some(ValueOrigin {
                kind: o.kind,
                location: o.location.clone(),
            }),
        }),
        None => Err(format!(
            "The module argument `{name}` is computed, so no edit can be generated: set `{}` to {new_hcl}.",
            path.join(".")
        )),
    }
}

/// Inserts `keys[0] = ...` into the object literal `object` (a value of argument `arg`).
fn insert_into_object(
    call: &BlockView,
    arg: &AttributeView,
    object: &driftless_hcl::Value,
    keys: &[String],
    new_hcl: &str,
) -> Result<Planned, String> {
    let origin = object
        .origin
        .as_ref()
        .filter(|o| o.exact && o.editable && o.input.is_none() && object.as_object().is_some());
    let Some(o) = origin else {
        return Err(format!(
            "The module argument `{}` is computed, so no edit can be generated: add `{} = {new_hcl}` to it.",
            arg.name,
            keys.join(".")
        ));
    };
    let file = &call.file;
    if o.location.path != file.path {
        return Err(format!(
            "The module argument `{}` is set at {}:{}; add `{} = {new_hcl}` there.",
            arg.name,
            o.location.path,
            o.location.start.line,
            keys.join(".")
        ));
    }
    let range = o.location.range;
    let text = file.slice(range);
    if !text.starts_with('{') || !text.ends_with('}') {
        return Err(format!(
            "The module argument `{}` is no object literal.",
            arg.name
        ));
    }
    let (key, rest) = keys.split_first().expect("keys is not empty");
    let member = format!("{key} = {}", nest(rest, new_hcl));
    let close = range.end - 1;
    let edit = if text.contains('\n') {
        let line = file.line_index.line_of(close);
        let line_start = file.line_index.line_start(line).unwrap_or(close);
        let brace_indent = file.indent_at(close).to_owned();
        let inner_indent = text
            .lines()
            .skip(1)
            .find(|l| !l.trim().is_empty() && !l.trim().starts_with('}'))
            .map_or_else(
                || format!("{brace_indent}  "),
                |l| l[..l.len() - l.trim_start().len()].to_owned(),
            );
        if file.text[line_start as usize..close as usize]
            .trim()
            .is_empty()
        {
            Edit::insertion(
                file.path.clone(),
                line_start,
                format!("{inner_indent}{member}\n"),
            )
        } else {
            Edit::insertion(
                file.path.clone(),
                close,
                format!("\n{inner_indent}{member}\n{brace_indent}"),
            )
        }
    } else {
        let inner = text[1..text.len() - 1].trim().trim_end_matches(',');
        let body = if inner.is_empty() {
            format!("{{ {member} }}")
        } else {
            format!("{{ {inner}, {member} }}")
        };
        Edit::replacement(file.path.clone(), range, body)
    };
    Ok(Planned {
        edits: vec![edit],
        origin: Some(ValueOrigin {
            kind: OriginKind::ModuleArgument,
            location: arg.location.clone(),
        }),
    })
}

const NOT_EDITABLE: &str = "The code is in a module fetched into .terraform/modules, which driftless never edits: set it through the module call's arguments, or upgrade the module.";

/// Replaces the value of `attr` (an attribute of `block`) with `new_hcl` where that value is
/// set: the literal in the block, a variable default, a tfvars entry, a local, the caller's
/// module argument or the registry module call's input.
///
/// # Errors
/// Why no edit can be made: the value is computed (a template, a function call), or set in
/// a file driftless does not edit.
fn replace_value(
    block: &BlockView,
    attr: &AttributeView,
    new_hcl: &str,
) -> Result<Planned, String> {
    let Some(origin) = &attr.value.origin else {
        return Err(format!(
            "The value of `{}` is computed, so no edit can be generated.",
            attr.name
        ));
    };
    if let (Some(input), Some(inputs)) = (&origin.input, &block.module_inputs) {
        // A default of a registry module evaluated from the knowledge base: set the input on
        // the call.
        return set_call_input(&inputs.call, &input.path, new_hcl);
    }
    if !origin.editable {
        return Err(NOT_EDITABLE.to_owned());
    }
    if !origin.exact {
        return Err(format!(
            "The value of `{}` is computed at {}:{} (a template, function call or expression), so no edit can be generated.",
            attr.name, origin.location.path, origin.location.start.line
        ));
    }
    let edit = Edit::replacement(origin.location.path.clone(), origin.location.range, new_hcl);
    let outside = origin.kind != OriginKind::Literal
        || origin.location.path != attr.value_location.path
        || !attr.location.range.contains(origin.location.range.start);
    Ok(Planned {
        edits: vec![edit],
        origin: outside.then(|| ValueOrigin {
            kind: origin.kind,
            location: origin.location.clone(),
        }),
    })
}

/// Sets attribute `name` of `block` to `new_hcl`: replaces its value where it is set, or
/// inserts it when absent.
///
/// # Errors
/// As [`replace_value`] and [`insert_attribute`].
pub fn set_attribute(block: &BlockView, name: &str, new_hcl: &str) -> Result<Planned, String> {
    match (block.attribute(name), &block.module_inputs) {
        (Some(attr), _) => replace_value(block, attr, new_hcl),
        (None, Some(registry)) => match registry.attributes.get(name) {
            Some(path) => set_call_input(&registry.call, path, new_hcl),
            None => Err(no_input(registry, &format!("`{name}`"))),
        },
        (None, None) => insert_attribute(block, name, new_hcl).map(Planned::local),
    }
}

/// Sets `name` inside the nested block `ident` of `block`, inserting the nested block when
/// absent.
///
/// # Errors
/// As [`set_attribute`].
pub fn set_nested(
    block: &BlockView,
    ident: &str,
    name: &str,
    new_hcl: &str,
) -> Result<Planned, String> {
    match (block.block(ident), &block.module_inputs) {
        (Some(nested), _) => set_attribute(nested, name, new_hcl),
        (None, Some(registry)) => registry_nested(registry, ident, name, new_hcl),
        (None, None) => {
            insert_block(block, ident, &[(name, new_hcl.to_owned())]).map(Planned::local)
        }
    }
}

/// Sets `name` of the absent nested block `ident` of a block made by a registry module, through
/// the call input that creates the block.
fn registry_nested(
    registry: &ModuleInputs,
    ident: &str,
    name: &str,
    new_hcl: &str,
) -> Result<Planned, String> {
    match registry
        .blocks
        .get(ident)
        .and_then(|n| n.attributes.get(name))
    {
        Some(path) => set_call_input(&registry.call, path, new_hcl),
        None => Err(no_input(registry, &format!("`{ident}.{name}`"))),
    }
}

fn check_editable(block: &BlockView) -> Result<(), String> {
    if let Some(registry) = &block.module_inputs {
        return Err(no_input(registry, "this change"));
    }
    if block.file.editable {
        Ok(())
    } else {
        Err(NOT_EDITABLE.to_owned())
    }
}

/// Inserts `name = value_hcl` at the end of `block`, indented like its content and aligned
/// with the attribute group it joins (or after a blank line when its key is longer than the
/// group's, so that `terraform fmt` has nothing to change).
///
/// # Errors
/// When `block` is in a file driftless does not edit.
pub fn insert_attribute(block: &BlockView, name: &str, value_hcl: &str) -> Result<Edit, String> {
    check_editable(block)?;
    let ci = &block.layout.child_indent;
    let width = group_key_width(block);
    let line = match width {
        Some(w) if w >= name.len() => {
            format!("{ci}{name}{} = {value_hcl}", " ".repeat(w - name.len()))
        }
        Some(_) => format!("\n{ci}{name} = {value_hcl}"),
        None => format!("{ci}{name} = {value_hcl}"),
    };
    Ok(insert_lines(block, &line))
}

/// Inserts a nested block `ident { name = value ... }` at the end of `block`, separated from
/// what precedes it by a blank line.
///
/// # Errors
/// When `block` is in a file driftless does not edit.
pub fn insert_block(
    block: &BlockView,
    ident: &str,
    attributes: &[(&str, String)],
) -> Result<Edit, String> {
    check_editable(block)?;
    let ci = &block.layout.child_indent;
    let inner = format!("{ci}  ");
    let width = attributes.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut text = String::new();
    if !block.attributes.is_empty() || !block.blocks.is_empty() {
        text.push('\n');
    }
    text.push_str(&format!("{ci}{ident} {{\n"));
    for (k, v) in attributes {
        text.push_str(&format!(
            "{inner}{k}{} = {v}\n",
            " ".repeat(width - k.len())
        ));
    }
    text.push_str(&format!("{ci}}}"));
    Ok(insert_lines(block, &text))
}

/// Inserts several attributes at the end of `block` in one edit, aligned with each other and
/// with the attribute group they join, as `terraform fmt` aligns them (after a blank line when
/// a new key is longer than the group's keys, so that the existing lines keep their
/// alignment).
///
/// # Errors
/// When `block` is in a file driftless does not edit.
pub fn insert_attributes(block: &BlockView, attributes: &[(&str, String)]) -> Result<Edit, String> {
    check_editable(block)?;
    let ci = &block.layout.child_indent;
    let longest = attributes.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let (width, separate) = match group_key_width(block) {
        Some(w) if w >= longest => (w, false),
        Some(_) => (longest, true),
        None => (longest, false),
    };
    let mut text = String::new();
    if separate {
        text.push('\n');
    }
    let lines: Vec<String> = attributes
        .iter()
        .map(|(k, v)| format!("{ci}{k}{} = {v}", " ".repeat(width - k.len())))
        .collect();
    text.push_str(&lines.join("\n"));
    Ok(insert_lines(block, &text))
}

/// Sets `name` inside the nested block reached through `path` (`["rule",
/// "apply_server_side_encryption_by_default"]`) of `block`: replaces or inserts the attribute
/// in the deepest block when the whole path exists, else inserts the missing blocks of the
/// path, with the attribute inside, into the deepest block that exists.
///
/// # Errors
/// As [`set_attribute`] and [`insert_block`].
pub fn set_nested_path(
    block: &BlockView,
    path: &[&str],
    name: &str,
    new_hcl: &str,
) -> Result<Planned, String> {
    let mut deepest = block;
    for (i, ident) in path.iter().enumerate() {
        match deepest.block(ident) {
            Some(nested) => deepest = nested,
            None => {
                if let (Some(registry), [ident]) = (&deepest.module_inputs, &path[i..]) {
                    return registry_nested(registry, ident, name, new_hcl);
                }
                return insert_block_path(deepest, &path[i..], &[(name, new_hcl.to_owned())])
                    .map(Planned::local);
            }
        }
    }
    set_attribute(deepest, name, new_hcl)
}

/// Inserts the nested blocks `path[0] { path[1] { ... { attributes } } }` at the end of
/// `block`, separated from what precedes them by a blank line (as [`insert_block`] does for a
/// single block).
///
/// # Errors
/// When `block` is in a file driftless does not edit.
pub fn insert_block_path(
    block: &BlockView,
    path: &[&str],
    attributes: &[(&str, String)],
) -> Result<Edit, String> {
    check_editable(block)?;
    let ci = &block.layout.child_indent;
    let mut text = String::new();
    if !block.attributes.is_empty() || !block.blocks.is_empty() {
        text.push('\n');
    }
    text.push_str(&render_blocks(ci, path, attributes));
    Ok(insert_lines(block, &text))
}

/// Renders `path[0] { ... }` at indent `indent`, nested blocks two spaces deeper each, the
/// attributes aligned in the innermost block; no trailing newline.
#[must_use]
pub fn render_blocks(indent: &str, path: &[&str], attributes: &[(&str, String)]) -> String {
    let Some((ident, rest)) = path.split_first() else {
        let width = attributes.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        return attributes
            .iter()
            .map(|(k, v)| format!("{indent}{k}{} = {v}", " ".repeat(width - k.len())))
            .collect::<Vec<_>>()
            .join("\n");
    };
    let inner = render_blocks(&format!("{indent}  "), rest, attributes);
    format!("{indent}{ident} {{\n{inner}\n{indent}}}")
}

/// Inserts `text` (a whole resource block, no trailing newline) after `block`, separated by a
/// blank line. A comment trailing the block's closing brace stays with the block: the text
/// goes after the end of that line.
///
/// # Errors
/// When `block` is in a file driftless does not edit.
pub fn insert_after(block: &BlockView, text: &str) -> Result<Edit, String> {
    check_editable(block)?;
    let source = &block.file.text;
    let end = block.location.range.end as usize;
    let line_end = source[end..].find('\n').map_or(source.len(), |i| end + i);
    let line_end = if source[..line_end].ends_with('\r') {
        line_end - 1
    } else {
        line_end
    };
    let rest = source[end..line_end].trim();
    let at = if rest.is_empty() || rest.starts_with('#') || rest.starts_with("//") {
        line_end
    } else {
        end
    };
    Ok(Edit::insertion(
        block.file.path.clone(),
        u32::try_from(at).unwrap_or(block.location.range.end),
        format!("\n\n{text}"),
    ))
}

/// Inserts `lines` (already indented, no trailing newline) just before the closing brace.
fn insert_lines(block: &BlockView, lines: &str) -> Edit {
    let layout = &block.layout;
    let file = &block.file;
    let path = file.path.clone();
    if layout.single_line {
        let inner = file.text[layout.open as usize..layout.close as usize].trim();
        let mut text = String::from("\n");
        if !inner.is_empty() {
            text.push_str(&format!("{}{inner}\n", layout.child_indent));
        }
        text.push_str(lines.trim_start_matches('\n'));
        text.push('\n');
        text.push_str(&layout.indent);
        return Edit::replacement(
            path,
            driftless_diagnostics::TextRange::new(layout.open, layout.close),
            text,
        );
    }
    // Insert at the start of the line that holds the closing brace when only whitespace
    // precedes it; otherwise break the line before the brace.
    let line = file.line_index.line_of(layout.close);
    let line_start = file.line_index.line_start(line).unwrap_or(layout.close);
    let before = &file.text[line_start as usize..layout.close as usize];
    if before.trim().is_empty() {
        Edit::insertion(path, line_start, format!("{lines}\n"))
    } else {
        Edit::insertion(path, layout.close, format!("\n{lines}\n{}", layout.indent))
    }
}

/// The key width of the run of single-line attributes that ends just before the closing
/// brace (the group a new last attribute joins), or `None` when the block's last element is
/// not such an attribute.
fn group_key_width(block: &BlockView) -> Option<usize> {
    let close_line = block.file.line_index.line_of(block.layout.close);
    let mut line = close_line.checked_sub(1)?;
    let single_line: Vec<&AttributeView> = block
        .attributes
        .iter()
        .filter(|a| a.location.start.line == a.location.end.line)
        .collect();
    let last_nested_end = block
        .blocks
        .iter()
        .map(|b| b.location.end.line)
        .max()
        .unwrap_or(0);
    let mut width = None;
    while let Some(attr) = single_line.iter().find(|a| a.location.start.line == line) {
        if line <= last_nested_end {
            break;
        }
        width = Some(width.unwrap_or(0).max(attr.name.len()));
        line -= 1;
    }
    width
}

#[cfg(test)]
mod tests {
    use super::*;
    use driftless_diagnostics::apply_edits;

    /// The first resource block of `hcl`, evaluated, with the file's text.
    fn first_block(hcl: &str) -> (BlockView, String) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.tf"), hcl).unwrap();
        let project = driftless_hcl::Project::load(dir.path(), &Default::default());
        let evaluation = driftless_hcl::evaluate(&project);
        (evaluation.resources[0].block.clone(), hcl.to_owned())
    }

    fn apply(text: &str, edits: &[Edit]) -> String {
        apply_edits(text, &edits.iter().collect::<Vec<_>>())
    }

    #[test]
    fn insert_attributes_joins_or_starts_an_aligned_group() {
        let hcl = "resource \"aws_s3_bucket_public_access_block\" \"a\" {\n  bucket            = \"b\"\n  block_public_acls = true\n}\n";
        let (block, text) = first_block(hcl);
        let short = insert_attributes(&block, &[("x", "1".into()), ("yy", "2".into())]).unwrap();
        assert_eq!(
            apply(&text, &[short]),
            "resource \"aws_s3_bucket_public_access_block\" \"a\" {\n  bucket            = \"b\"\n  block_public_acls = true\n  x                 = 1\n  yy                = 2\n}\n"
        );
        let long = insert_attributes(
            &block,
            &[
                ("restrict_public_buckets", "true".into()),
                ("x", "1".into()),
            ],
        )
        .unwrap();
        assert_eq!(
            apply(&text, &[long]),
            "resource \"aws_s3_bucket_public_access_block\" \"a\" {\n  bucket            = \"b\"\n  block_public_acls = true\n\n  restrict_public_buckets = true\n  x                       = 1\n}\n"
        );
    }

    #[test]
    fn set_nested_path_inserts_the_missing_blocks() {
        let hcl = "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"b\"\n\n  server_side_encryption_configuration {\n    rule {\n      bucket_key_enabled = true\n    }\n  }\n}\n";
        let (block, text) = first_block(hcl);
        let path = [
            "server_side_encryption_configuration",
            "rule",
            "apply_server_side_encryption_by_default",
        ];
        let planned = set_nested_path(&block, &path, "sse_algorithm", "\"AES256\"").unwrap();
        assert_eq!(
            apply(&text, &planned.edits),
            "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"b\"\n\n  server_side_encryption_configuration {\n    rule {\n      bucket_key_enabled = true\n\n      apply_server_side_encryption_by_default {\n        sse_algorithm = \"AES256\"\n      }\n    }\n  }\n}\n"
        );
    }

    #[test]
    fn combine_keeps_shared_edits_once_and_the_first_error() {
        let edit = |at: u32| Edit::insertion("main.tf", at, "x");
        let one = Planned::local(edit(1));
        let mut two = Planned::local(edit(1));
        two.edits.push(edit(5));
        let combined = Planned::combine([Ok(one.clone()), Ok(two)]).unwrap();
        assert_eq!(combined.edits, [edit(1), edit(5)]);
        let failed = Planned::combine([Ok(one), Err("computed".to_owned())]);
        assert_eq!(failed.unwrap_err(), "computed");
        assert!(Planned::combine([]).is_err());
    }

    #[test]
    fn insert_after_keeps_a_trailing_comment_with_its_block() {
        let hcl = "resource \"aws_s3_bucket\" \"a\" {} # the bucket\n\nresource \"aws_s3_bucket\" \"b\" {}\n";
        let (block, text) = first_block(hcl);
        let edit = insert_after(&block, "resource \"x\" \"a\" {}").unwrap();
        assert_eq!(
            apply(&text, &[edit]),
            "resource \"aws_s3_bucket\" \"a\" {} # the bucket\n\nresource \"x\" \"a\" {}\n\nresource \"aws_s3_bucket\" \"b\" {}\n"
        );
    }
}
