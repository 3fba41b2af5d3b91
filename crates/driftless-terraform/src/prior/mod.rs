//! A prior state built from a plan, so that a patched configuration can be planned against "the
//! unpatched configuration, applied" without any cloud call.
//!
//! Planning the unpatched configuration against an empty state gives every managed resource
//! instance as a create, with its planned values. Written as a state (format version 4), those
//! values make the unpatched configuration plan to no change, and a patched one plan to what
//! the patch does: update in place or replace, with `replace_paths`. Two things make that hold:
//!
//! - A value the plan leaves unknown ("known after apply": `id`, `arn`, every optional and
//!   computed attribute the configuration does not set) becomes the zero value of its type
//!   (`""`, `0`, `false`, `[]`, `{}`), which needs the resource type's schema. Left `null`, the
//!   provider plans it unknown again, and an attribute that forces replacement
//!   (`aws_instance.ipv6_addresses`) turns the plan into a replacement. A placeholder string
//!   such as `"unknown"` does not do either: the provider hashes `aws_instance.user_data`
//!   again on every plan. `id` alone gets a non-empty placeholder, since an empty `id` means
//!   "gone" to the providers.
//! - The values the plan marks sensitive are marked in the state too (`sensitive_attributes`),
//!   or Terraform plans an update that only changes the marks (`aws_db_instance.password`).
//!
//! Data sources are left out: a plan reads them again. The state's text holds every planned
//! value, secrets included; it is written into the scratch folder only and never shown.

mod shape;

pub(crate) use shape::ProviderShapes;

use crate::plan::raw::RawPlan;
use driftless_diagnostics::{InstanceKey, ResourceAddress, ResourceMode};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::fmt;

/// The `id` a built state gives an instance whose `id` the plan leaves unknown.
pub const PLACEHOLDER_ID: &str = "driftless-prior-state";

/// A state (format version 4) built from the planned values of a plan, to plan a patched
/// configuration against. Its text holds secrets, so it is opaque: `Debug` shows only how
/// many instances it has.
#[derive(Clone)]
pub struct PriorState {
    text: String,
    instances: usize,
}

impl PriorState {
    /// How many managed resource instances the state holds.
    #[must_use]
    pub fn instances(&self) -> usize {
        self.instances
    }

    /// The state file's text.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for PriorState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PriorState")
            .field("instances", &self.instances)
            .finish_non_exhaustive()
    }
}

/// Why no prior state can be built from a plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriorStateError {
    /// The plan stopped on an error, so its planned values are incomplete.
    #[error("the plan did not complete, so no prior state can be built from it")]
    Incomplete,
    /// The provider's schema (from `terraform providers schema -json`) has no such managed
    /// resource type.
    #[error("the schema of provider {provider} has no resource type `{resource_type}`")]
    UnknownType {
        /// The provider's source address.
        provider: String,
        /// The resource type.
        resource_type: String,
    },
    /// The output of `terraform providers schema -json` is not a provider schema.
    #[error("the provider schema is not in Terraform's JSON format (line {line}, column {column})")]
    Schema {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
    },
    /// A planned resource's address does not parse.
    #[error("plan JSON: {0}")]
    Address(#[from] driftless_diagnostics::AddressParseError),
}

impl ProviderShapes {
    /// [`ProviderShapes::from_schema_json`] with its error as a [`PriorStateError`].
    pub(crate) fn read(text: &str) -> Result<Self, PriorStateError> {
        Self::from_schema_json(text).map_err(|e| PriorStateError::Schema {
            line: e.line(),
            column: e.column(),
        })
    }
}

/// One resource block of the state (one module instance's): its instances.
struct StateResource {
    /// The first instance's address: its module path, type and name are the block's.
    address: ResourceAddress,
    provider: String,
    instances: Vec<Value>,
}

/// The prior state of `plan` (a plan against an empty state), with unknown values filled in
/// from `shapes`.
pub(crate) fn build(
    plan: &RawPlan,
    shapes: &ProviderShapes,
) -> Result<PriorState, PriorStateError> {
    if plan.errored {
        return Err(PriorStateError::Incomplete);
    }
    let unknown: HashMap<&str, &Value> = plan
        .resource_changes
        .iter()
        .filter(|c| c.deposed.is_none())
        .map(|c| (c.address.as_str(), &c.change.after_unknown))
        .collect();
    let mut resources: Vec<StateResource> = Vec::new();
    let mut count = 0;
    for planned in plan.planned_resources() {
        let address: ResourceAddress = planned.address.parse()?;
        if address.mode != ResourceMode::Managed {
            continue;
        }
        let shape = shapes
            .resource(&planned.provider_name, &address.resource_type)
            .ok_or_else(|| PriorStateError::UnknownType {
                provider: planned.provider_name.clone(),
                resource_type: address.resource_type.clone(),
            })?;
        let mut values = planned.values.clone();
        if let Some(marks) = unknown.get(planned.address.as_str()) {
            shape.fill(&mut values, marks);
        }
        if let Value::Object(map) = &mut values {
            let id = map.entry("id").or_insert(Value::Null);
            if id.as_str().is_none_or(str::is_empty) {
                *id = json!(PLACEHOLDER_ID);
            }
        }
        let mut instance = Map::new();
        match &address.key {
            Some(InstanceKey::Index(i)) => instance.insert("index_key".into(), json!(i)),
            Some(InstanceKey::Key(k)) => instance.insert("index_key".into(), json!(k)),
            None => None,
        };
        instance.insert("schema_version".into(), json!(planned.schema_version));
        instance.insert("attributes".into(), values);
        instance.insert(
            "sensitive_attributes".into(),
            Value::Array(shape.sensitive_paths(&planned.sensitive_values)),
        );
        count += 1;
        let same_block = |r: &StateResource| {
            r.address.resource_type == address.resource_type
                && r.address.name == address.name
                && r.address.module_prefix() == address.module_prefix()
        };
        match resources.iter_mut().find(|r| same_block(r)) {
            Some(resource) => resource.instances.push(Value::Object(instance)),
            None => resources.push(StateResource {
                address,
                provider: planned.provider_name.clone(),
                instances: vec![Value::Object(instance)],
            }),
        }
    }
    let state = json!({
        "version": 4,
        "terraform_version": plan.terraform_version,
        "serial": 1,
        "lineage": PLACEHOLDER_ID,
        "outputs": {},
        "resources": resources.into_iter().map(StateResource::into_json).collect::<Vec<_>>(),
        "check_results": null,
    });
    Ok(PriorState {
        text: state.to_string(),
        instances: count,
    })
}

impl StateResource {
    fn into_json(self) -> Value {
        let mut out = Map::new();
        let module = self.address.module_prefix();
        if !module.is_empty() {
            out.insert("module".into(), json!(module));
        }
        out.insert("mode".into(), json!("managed"));
        out.insert("type".into(), json!(self.address.resource_type));
        out.insert("name".into(), json!(self.address.name));
        out.insert(
            "provider".into(),
            json!(format!("provider[\"{}\"]", self.provider)),
        );
        out.insert("instances".into(), Value::Array(self.instances));
        Value::Object(out)
    }
}

#[cfg(test)]
mod tests;
