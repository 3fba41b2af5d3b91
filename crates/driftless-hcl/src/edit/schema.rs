//! Every edit checked against the provider schema before it is offered: the attribute exists
//! on that resource type (through the nested blocks that hold it), may be set, and the value
//! written has its type; a block inserted stays within its type's maximum, counting the
//! static blocks and the `dynamic` blocks of that name in the block it goes into, and sets
//! what its type requires; nothing deprecated is introduced; a resource inserted whole is
//! valid as written. A failed check is a [`PlanError::Schema`], whose text the finding carries
//! as its recommendation.
//!
//! The schema is the AWS provider's, embedded ([`driftless_terraform::schema::aws`]); blocks
//! outside a managed resource (a module call, a data source) and resource types of other
//! providers are not checked.

use crate::edit::error::PlanError;
use crate::view::BlockView;
use driftless_terraform::schema::{BlockCount, SchemaError, aws};
use hcl_edit::structure::Body;

/// The resource type and the nested block path of `block`, when the schema covers it.
fn place(block: &BlockView) -> Option<(&str, Vec<&str>)> {
    let (resource_type, path) = block.schema_path.split_first()?;
    aws().covers(resource_type).then(|| {
        (
            resource_type.as_str(),
            path.iter().map(String::as_str).collect(),
        )
    })
}

/// Checks setting attribute `name` of `block` to `value_hcl`; deprecation counts only when
/// the block does not write the attribute yet.
pub(crate) fn check_attribute(
    block: &BlockView,
    name: &str,
    value_hcl: &str,
) -> Result<(), PlanError> {
    check_value(block, &[name], value_hcl, block.attribute(name).is_none())
}

/// Checks setting, through a registry module's input, attribute `name` of the nested block
/// `ident` of `block` (a block the knowledge base makes).
pub(crate) fn check_nested_attribute(
    block: &BlockView,
    ident: &str,
    name: &str,
    value_hcl: &str,
) -> Result<(), PlanError> {
    check_value(block, &[ident, name], value_hcl, true)
}

/// Checks setting the attribute at `below` (nested blocks, then the attribute's name) of
/// `block` to `value_hcl`.
fn check_value(
    block: &BlockView,
    below: &[&str],
    value_hcl: &str,
    introduced: bool,
) -> Result<(), PlanError> {
    let Some((resource_type, mut path)) = place(block) else {
        return Ok(());
    };
    path.extend_from_slice(below);
    aws().check_value(resource_type, &path, value_hcl, introduced)?;
    Ok(())
}

/// Checks inserting the attributes `attributes` (name, value HCL) into `block`.
pub(crate) fn check_attributes(
    block: &BlockView,
    attributes: &[(&str, String)],
) -> Result<(), PlanError> {
    attributes
        .iter()
        .try_for_each(|(name, value)| check_attribute(block, name, value))
}

/// Checks inserting the nested blocks `path` (each inside the one before) into `block`, with
/// `attributes` in the innermost one.
pub(crate) fn check_blocks(
    block: &BlockView,
    path: &[&str],
    attributes: &[(&str, String)],
) -> Result<(), PlanError> {
    let (Some((resource_type, at)), Some(first)) = (place(block), path.first()) else {
        return Ok(());
    };
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let existing = BlockCount {
        static_blocks: count(block.blocks_of(first).filter(|b| !b.dynamic).count()),
        dynamic_blocks: count(block.dynamic_blocks.iter().filter(|d| d == first).count()),
    };
    let attributes: Vec<(&str, &str)> = attributes
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    aws().check_new_blocks(resource_type, &at, path, &attributes, existing)?;
    Ok(())
}

/// Checks `text`, inserted after a block: each `resource` block in it must be valid against
/// the schema as written.
pub(crate) fn check_resources_text(text: &str) -> Result<(), PlanError> {
    let Ok(body) = text.parse::<Body>() else {
        // Text that does not parse is refused by the fix gate, with the parser's message.
        return Ok(());
    };
    match aws().check_body(&body).into_iter().next() {
        Some(problem) => Err(problem.error.into()),
        None => Ok(()),
    }
}

/// Checks `text`, a whole block of `block`'s type written to replace it.
pub(crate) fn check_block_text(block: &BlockView, text: &str) -> Result<(), PlanError> {
    let Some((resource_type, path)) = place(block) else {
        return Ok(());
    };
    let Ok(body) = text.parse::<Body>() else {
        return Ok(());
    };
    let problems: Vec<SchemaError> = body
        .blocks()
        .flat_map(|b| aws().check_nested(resource_type, &path, b))
        .collect();
    match problems.into_iter().next() {
        Some(error) => Err(error.into()),
        None => Ok(()),
    }
}
