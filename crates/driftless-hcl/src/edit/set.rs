//! "Attribute `name` of this block should be V": the value replaced where it is set, or the
//! attribute (and the nested blocks that hold it) inserted when absent; for a block made by a
//! registry module, the call input that sets it.

use crate::edit::call::set_call_input;
use crate::edit::error::PlanError;
use crate::edit::insert::{insert_attribute, insert_block};
use crate::edit::plan::EditPlan;
use crate::edit::schema;
use crate::view::{AttributeView, BlockView, ModuleInputs};
use driftless_diagnostics::{Edit, OriginKind, ValueOrigin};

/// Sets attribute `name` of `block` to `new_hcl`: replaces its value where it is set (the
/// literal in the block, a variable default, a tfvars entry, a local, the caller's module
/// argument, a registry module call's input), or inserts it when absent.
///
/// # Errors
/// Why no edit can be made: the edit is not valid against the provider schema
/// ([`PlanError::Schema`]), the value is computed (a template, a function call), set in a
/// file driftless does not edit, or made by a registry module that has no input for it.
pub fn set_attribute(block: &BlockView, name: &str, new_hcl: &str) -> Result<EditPlan, PlanError> {
    schema::check_attribute(block, name, new_hcl)?;
    match (block.attribute(name), &block.module_inputs) {
        (Some(attr), _) => replace_value(block, attr, new_hcl),
        (None, Some(inputs)) => match inputs.attributes.get(name) {
            Some(path) => set_call_input(&inputs.call, path, new_hcl),
            None => Err(no_input(inputs, name)),
        },
        (None, None) => insert_attribute(block, name, new_hcl).map(EditPlan::local),
    }
}

/// Sets `name` inside the nested block reached through `path` (`["rule",
/// "apply_server_side_encryption_by_default"]`) of `block`: as [`set_attribute`] in the
/// deepest block when the whole path exists, else inserts the missing blocks of the path,
/// with the attribute inside, into the deepest block that exists. An empty `path` sets the
/// attribute of `block` itself.
///
/// # Errors
/// As [`set_attribute`] and [`insert_block`].
pub fn set_nested(
    block: &BlockView,
    path: &[&str],
    name: &str,
    new_hcl: &str,
) -> Result<EditPlan, PlanError> {
    let mut deepest = block;
    for (i, ident) in path.iter().enumerate() {
        let Some(nested) = deepest.block(ident) else {
            if let (Some(inputs), [ident]) = (&deepest.module_inputs, &path[i..]) {
                schema::check_nested_attribute(deepest, ident, name, new_hcl)?;
                return set_module_nested(inputs, ident, name, new_hcl);
            }
            return insert_block(deepest, &path[i..], &[(name, new_hcl.to_owned())])
                .map(EditPlan::local);
        };
        deepest = nested;
    }
    set_attribute(deepest, name, new_hcl)
}

/// Replaces the value of `attr` (an attribute of `block`) with `new_hcl` where that value is
/// set.
fn replace_value(
    block: &BlockView,
    attr: &AttributeView,
    new_hcl: &str,
) -> Result<EditPlan, PlanError> {
    let Some(origin) = &attr.value.origin else {
        return Err(PlanError::ComputedValue {
            attribute: attr.name.clone(),
        });
    };
    if let Some(input) = &origin.input {
        // A default of a registry module evaluated from the knowledge base: set the input on
        // the call. Every block the knowledge base makes carries its call's inputs; without
        // them there is no call to edit.
        let Some(inputs) = &block.module_inputs else {
            return Err(PlanError::NothingToEdit);
        };
        return set_call_input(&inputs.call, &input.path, new_hcl);
    }
    if !origin.editable {
        return Err(PlanError::FetchedModule);
    }
    if origin.missing_default && origin.location.range.end > origin.location.range.start {
        // `optional(string)` gives null: give it the default, `optional(string, V)`.
        let close = origin.location.range.end - 1;
        return Ok(EditPlan {
            edits: vec![Edit::insertion(
                origin.location.path.clone(),
                close,
                format!(", {new_hcl}"),
            )],
            origin: Some(ValueOrigin {
                kind: origin.kind,
                location: origin.location.clone(),
            }),
        });
    }
    if !origin.exact {
        return Err(PlanError::ComputedAt {
            attribute: attr.name.clone(),
            path: origin.location.path.clone(),
            line: origin.location.start.line,
        });
    }
    let edit = Edit::replacement(origin.location.path.clone(), origin.location.range, new_hcl);
    let outside = origin.kind != OriginKind::Literal
        || origin.location.path != attr.value_location.path
        || !attr.location.range.contains(origin.location.range.start);
    Ok(EditPlan {
        edits: vec![edit],
        origin: outside.then(|| ValueOrigin {
            kind: origin.kind,
            location: origin.location.clone(),
        }),
    })
}

/// Sets `name` of the absent nested block `ident` of a block made by a registry module,
/// through the call input that creates the block.
fn set_module_nested(
    inputs: &ModuleInputs,
    ident: &str,
    name: &str,
    new_hcl: &str,
) -> Result<EditPlan, PlanError> {
    match inputs
        .blocks
        .get(ident)
        .and_then(|n| n.attributes.get(name))
    {
        Some(path) => set_call_input(&inputs.call, path, new_hcl),
        None => Err(no_input(inputs, &format!("{ident}.{name}"))),
    }
}

/// Why a block evaluated from the module knowledge base cannot take an edit of `setting`.
fn no_input(inputs: &ModuleInputs, setting: &str) -> PlanError {
    PlanError::NoModuleInput {
        module: inputs.module.clone(),
        setting: Some(setting.to_owned()),
    }
}
