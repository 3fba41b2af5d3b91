//! Setting an input of a registry module call: the edit goes to the `module` block's
//! arguments, never into the module.

use crate::edit::error::PlanError;
use crate::edit::insert::insert_attribute;
use crate::edit::plan::EditPlan;
use crate::value::Value;
use crate::view::{AttributeView, BlockView};
use driftless_diagnostics::{Edit, OriginKind, ValueOrigin};

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
pub(crate) fn set_call_input(
    call: &BlockView,
    path: &[String],
    new_hcl: &str,
) -> Result<EditPlan, PlanError> {
    let Some((name, rest)) = path.split_first() else {
        return Err(PlanError::NoInputPath);
    };
    let call_origin = || ValueOrigin {
        kind: OriginKind::ModuleArgument,
        location: call.header.clone(),
    };
    let Some(arg) = call.attribute(name) else {
        let edit = insert_attribute(call, name, &nest(rest, new_hcl))?;
        return Ok(EditPlan {
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
        Some(o) => Ok(EditPlan {
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
        None => Err(PlanError::ComputedArgument {
            argument: name.clone(),
            input: path.join("."),
            value: new_hcl.to_owned(),
        }),
    }
}

/// Inserts `keys[0] = ...` into the object literal `object` (a value of argument `arg`).
fn insert_into_object(
    call: &BlockView,
    arg: &AttributeView,
    object: &Value,
    keys: &[String],
    new_hcl: &str,
) -> Result<EditPlan, PlanError> {
    let origin = object
        .origin
        .as_ref()
        .filter(|o| o.exact && o.editable && o.input.is_none() && object.as_object().is_some());
    let Some(o) = origin else {
        return Err(PlanError::ComputedArgumentObject {
            argument: arg.name.clone(),
            keys: keys.join("."),
            value: new_hcl.to_owned(),
        });
    };
    let file = &call.file;
    if o.location.path != file.path {
        return Err(PlanError::ArgumentElsewhere {
            argument: arg.name.clone(),
            path: o.location.path.clone(),
            line: o.location.start.line,
            keys: keys.join("."),
            value: new_hcl.to_owned(),
        });
    }
    let range = o.location.range;
    let text = file.slice(range);
    if !text.starts_with('{') || !text.ends_with('}') {
        return Err(PlanError::NotAnObjectLiteral {
            argument: arg.name.clone(),
        });
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
    Ok(EditPlan {
        edits: vec![edit],
        origin: Some(ValueOrigin {
            kind: OriginKind::ModuleArgument,
            location: arg.location.clone(),
        }),
    })
}
