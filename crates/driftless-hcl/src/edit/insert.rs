//! Inserting into a block: a missing attribute, several attributes, nested blocks, and a
//! whole resource after a block. New lines are indented like the block's content and aligned
//! as `terraform fmt` aligns them, so that formatting has nothing to change afterwards.

use crate::edit::error::PlanError;
use crate::edit::schema;
use crate::view::{AttributeView, BlockView};
use driftless_diagnostics::{Edit, TextRange};

/// Whether `block` may take an insertion: written in a file driftless edits, and not made by
/// a registry module (whose code is never edited).
///
/// # Errors
/// [`PlanError::NoModuleInput`] for a block evaluated from the knowledge base,
/// [`PlanError::FetchedModule`] for a block in `.terraform/modules`.
pub(crate) fn check_editable(block: &BlockView) -> Result<(), PlanError> {
    if let Some(inputs) = &block.module_inputs {
        return Err(PlanError::NoModuleInput {
            module: inputs.module.clone(),
            setting: None,
        });
    }
    if block.file.editable {
        Ok(())
    } else {
        Err(PlanError::FetchedModule)
    }
}

/// Inserts `name = value_hcl` at the end of `block`, indented like its content and joining
/// the attribute group before it: aligned with it when its key is no longer than the
/// group's; when it is longer, the scan re-aligns the group around it as `terraform fmt`
/// does (`align_edits`).
///
/// # Errors
/// As [`check_editable`].
pub(crate) fn insert_attribute(
    block: &BlockView,
    name: &str,
    value_hcl: &str,
) -> Result<Edit, PlanError> {
    check_editable(block)?;
    let ci = &block.layout.child_indent;
    let width = group_key_width(block).unwrap_or(0).max(name.len());
    let line = format!("{ci}{name}{} = {value_hcl}", " ".repeat(width - name.len()));
    Ok(insert_lines(block, &line))
}

/// Inserts several attributes (`(name, value HCL)`) at the end of `block` in one edit,
/// aligned with each other and joining the attribute group before them (re-aligned around
/// them by the scan when a new key is longer, as `terraform fmt` aligns them).
///
/// # Errors
/// [`PlanError::FetchedModule`] when `block` is in a file driftless does not edit;
/// [`PlanError::NoModuleInput`] when a registry module makes it; [`PlanError::Schema`] when
/// an attribute is not valid against the provider schema.
pub fn insert_attributes(
    block: &BlockView,
    attributes: &[(&str, String)],
) -> Result<Edit, PlanError> {
    check_editable(block)?;
    schema::check_attributes(block, attributes)?;
    let ci = &block.layout.child_indent;
    let longest = attributes.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let width = group_key_width(block).unwrap_or(0).max(longest);
    let lines: Vec<String> = attributes
        .iter()
        .map(|(k, v)| format!("{ci}{k}{} = {v}", " ".repeat(width - k.len())))
        .collect();
    Ok(insert_lines(block, &lines.join("\n")))
}

/// Inserts the nested blocks `path[0] { path[1] { ... { attributes } } }` at the end of
/// `block`, separated from what precedes them by a blank line, the attributes aligned in the
/// innermost block.
///
/// # Errors
/// As [`insert_attributes`]; [`PlanError::Schema`] also when a block is not valid against
/// the provider schema: one too many (static and `dynamic` blocks of its type counted), or
/// without an attribute or a nested block its type requires.
pub fn insert_block(
    block: &BlockView,
    path: &[&str],
    attributes: &[(&str, String)],
) -> Result<Edit, PlanError> {
    check_editable(block)?;
    schema::check_blocks(block, path, attributes)?;
    let ci = &block.layout.child_indent;
    let mut text = String::new();
    if !block.attributes.is_empty() || !block.blocks.is_empty() {
        text.push('\n');
    }
    text.push_str(&render_blocks(ci, path, attributes));
    Ok(insert_lines(block, &text))
}

/// Renders `path[0] { ... }` at indent `indent`, nested blocks two spaces deeper each, the
/// attributes aligned in the innermost block; no trailing newline. With an empty `path`, the
/// aligned attributes alone.
#[must_use]
pub fn render_blocks(indent: &str, path: &[&str], attributes: &[(&str, String)]) -> String {
    let Some((name, rest)) = path.split_first() else {
        let width = attributes.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        return attributes
            .iter()
            .map(|(k, v)| format!("{indent}{k}{} = {v}", " ".repeat(width - k.len())))
            .collect::<Vec<_>>()
            .join("\n");
    };
    let inner = render_blocks(&format!("{indent}  "), rest, attributes);
    format!("{indent}{name} {{\n{inner}\n{indent}}}")
}

/// Inserts `text` (a whole resource block, no trailing newline) after `block`, separated by a
/// blank line: a companion resource next to the resource it configures. A comment trailing
/// the block's closing brace stays with the block: the text goes after the end of that line.
///
/// # Errors
/// As [`insert_attributes`]; [`PlanError::Schema`] when a resource in `text` is not valid
/// against the provider schema as written.
pub fn insert_after(block: &BlockView, text: &str) -> Result<Edit, PlanError> {
    check_editable(block)?;
    schema::check_resources_text(text)?;
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

/// Replaces the nested block `block` with `text`: a whole block of the same type, its first
/// line without indentation and the others indented as they should stand.
///
/// # Errors
/// As [`insert_attributes`]; [`PlanError::Schema`] when `text` is not valid against the
/// provider schema as a block of that type.
pub fn replace_block(block: &BlockView, text: &str) -> Result<Edit, PlanError> {
    check_editable(block)?;
    schema::check_block_text(block, text)?;
    Ok(Edit::replacement(
        block.file.path.clone(),
        block.location.range,
        text,
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
            text.push_str(&layout.child_indent);
            text.push_str(inner);
            text.push('\n');
        }
        text.push_str(lines.trim_start_matches('\n'));
        text.push('\n');
        text.push_str(&layout.indent);
        return Edit::replacement(path, TextRange::new(layout.open, layout.close), text);
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
