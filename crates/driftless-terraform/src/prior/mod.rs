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
//! - A value computed from another resource's unknown value (`subnet_id = aws_subnet.a.id`, a
//!   policy naming a bucket's ARN) is a stand-in too, while the configuration now computes it
//!   from the other resource's stand-in: the unchanged configuration would plan a change (a
//!   replacement, where the attribute forces one). So the state is *settled* ([`settle`]):
//!   planned against it, the unchanged configuration's changes to attributes that were unknown
//!   are taken into the state, and it is planned again, at most [`MAX_SETTLE_ROUNDS`] times.
//!   What the unchanged configuration still changes is kept ([`PriorState::residual`]), so a
//!   verification can tell the patch's changes from those.
//!
//! Data sources are left out: a plan reads them again. The state's text holds every planned
//! value, secrets included; it is written into the scratch folder only and never shown.

mod settle;
mod shape;

pub(crate) use settle::settle;
pub(crate) use shape::ProviderShapes;

use crate::plan::ResourceChange;
use crate::plan::raw::RawPlan;
use driftless_diagnostics::{InstanceKey, ResourceAddress, ResourceMode};
use serde_json::{Map, Value, json};
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// The `id` a built state gives an instance whose `id` the plan leaves unknown.
pub const PLACEHOLDER_ID: &str = "driftless-prior-state";

/// How many times at most the unchanged configuration is planned against the state to settle
/// it (each a plan and a `show`, a few seconds).
pub const MAX_SETTLE_ROUNDS: usize = 3;

/// A state (format version 4) built from the planned values of a plan, to plan a patched
/// configuration against. It holds secrets, so it is opaque: `Debug` shows only how many
/// instances it has and what the unchanged configuration still changes.
#[derive(Clone)]
pub struct PriorState {
    resources: Vec<StateResource>,
    terraform_version: String,
    residual: Vec<ResourceChange>,
}

/// One resource block of the state (one module instance's): its instances.
#[derive(Clone)]
struct StateResource {
    /// The first instance's address: its module path, type and name are the block's.
    address: ResourceAddress,
    provider: String,
    instances: Vec<StateInstance>,
}

/// One instance of the state.
#[derive(Clone)]
struct StateInstance {
    /// Its address as Terraform writes it, `module.a.aws_instance.web[0]`.
    address: String,
    key: Option<InstanceKey>,
    schema_version: u64,
    attributes: Map<String, Value>,
    sensitive: Vec<Value>,
    /// The top-level attributes the plan left unknown: only these may be settled.
    unknown: BTreeSet<String>,
}

impl PriorState {
    /// How many managed resource instances the state holds.
    #[must_use]
    pub fn instances(&self) -> usize {
        self.resources.iter().map(|r| r.instances.len()).sum()
    }

    /// The changes the unchanged configuration still plans against the state (empty when it
    /// settled: every instance a no-op). A patched configuration's plan against the state
    /// shows these too; they are not the patch's.
    #[must_use]
    pub fn residual(&self) -> &[ResourceChange] {
        &self.residual
    }

    /// The state file's text.
    pub(crate) fn text(&self) -> String {
        let resources: Vec<Value> = self.resources.iter().map(StateResource::to_json).collect();
        json!({
            "version": 4,
            "terraform_version": self.terraform_version,
            "serial": 1,
            "lineage": PLACEHOLDER_ID,
            "outputs": {},
            "resources": resources,
            "check_results": null,
        })
        .to_string()
    }

    /// Keeps what the unchanged configuration still changes, once settling ends.
    pub(crate) fn set_residual(&mut self, changes: Vec<ResourceChange>) {
        self.residual = changes;
    }

    fn instance_mut(&mut self, address: &str) -> Option<&mut StateInstance> {
        self.resources
            .iter_mut()
            .flat_map(|r| r.instances.iter_mut())
            .find(|i| i.address == address)
    }
}

impl fmt::Debug for PriorState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let residual: Vec<String> = self
            .residual
            .iter()
            .map(|c| format!("{} {}", c.address, c.action))
            .collect();
        f.debug_struct("PriorState")
            .field("instances", &self.instances())
            .field("residual", &residual)
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
        let Value::Object(attributes) = values else {
            continue;
        };
        let instance = StateInstance {
            address: planned.address.clone(),
            key: address.key.clone(),
            schema_version: planned.schema_version,
            attributes,
            sensitive: shape.sensitive_paths(&planned.sensitive_values),
            unknown: unknown
                .get(planned.address.as_str())
                .and_then(|marks| marks.as_object())
                .map(|marks| marks.keys().cloned().collect())
                .unwrap_or_default(),
        };
        let same_block = |r: &StateResource| {
            r.address.resource_type == address.resource_type
                && r.address.name == address.name
                && r.address.module_prefix() == address.module_prefix()
        };
        match resources.iter_mut().find(|r| same_block(r)) {
            Some(resource) => resource.instances.push(instance),
            None => resources.push(StateResource {
                address,
                provider: planned.provider_name.clone(),
                instances: vec![instance],
            }),
        }
    }
    Ok(PriorState {
        resources,
        terraform_version: plan.terraform_version.clone(),
        residual: Vec::new(),
    })
}

impl StateResource {
    fn to_json(&self) -> Value {
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
        let instances = self.instances.iter().map(StateInstance::to_json).collect();
        out.insert("instances".into(), Value::Array(instances));
        Value::Object(out)
    }
}

impl StateInstance {
    fn to_json(&self) -> Value {
        let mut out = Map::new();
        match &self.key {
            Some(InstanceKey::Index(i)) => out.insert("index_key".into(), json!(i)),
            Some(InstanceKey::Key(k)) => out.insert("index_key".into(), json!(k)),
            None => None,
        };
        out.insert("schema_version".into(), json!(self.schema_version));
        out.insert("attributes".into(), Value::Object(self.attributes.clone()));
        out.insert(
            "sensitive_attributes".into(),
            Value::Array(self.sensitive.clone()),
        );
        Value::Object(out)
    }
}

#[cfg(test)]
mod tests;
