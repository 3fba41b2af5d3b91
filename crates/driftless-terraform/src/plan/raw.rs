//! The plan JSON as parsed, before the model drops what it does not keep: the prior-state
//! builder reads the planned values in full from here, so the text is parsed once.

use super::path::{self, AttributePath};
use super::{PlanAction, PlanError, PlannedResource, ResourceChange, redact};
use serde::Deserialize;
use serde_json::Value;

impl RawPlan {
    /// Parses the output of `terraform show -json PLANFILE`.
    pub(crate) fn parse(text: &str) -> Result<Self, PlanError> {
        serde_json::from_str(text).map_err(|e| PlanError::Json {
            line: e.line(),
            column: e.column(),
        })
    }

    /// Every planned resource instance, module by module, in file order.
    pub(crate) fn planned_resources(&self) -> Vec<&RawResource> {
        let mut out = Vec::new();
        let mut stack: Vec<&RawModule> = self
            .planned_values
            .as_ref()
            .and_then(|v| v.root_module.as_ref())
            .into_iter()
            .collect();
        while let Some(module) = stack.pop() {
            out.extend(&module.resources);
            stack.extend(module.child_modules.iter().rev());
        }
        out
    }
}

#[derive(Deserialize)]
pub(crate) struct RawPlan {
    pub(crate) format_version: String,
    #[serde(default)]
    pub(crate) terraform_version: String,
    #[serde(default)]
    pub(crate) resource_changes: Vec<RawChange>,
    #[serde(default)]
    pub(crate) planned_values: Option<RawValues>,
    #[serde(default)]
    pub(crate) errored: bool,
}

#[derive(Deserialize)]
pub(crate) struct RawChange {
    pub(crate) address: String,
    #[serde(default)]
    pub(crate) deposed: Option<String>,
    #[serde(default)]
    pub(crate) provider_name: String,
    #[serde(default)]
    pub(crate) action_reason: Option<String>,
    pub(crate) change: RawChangeBody,
}

#[derive(Deserialize)]
pub(crate) struct RawChangeBody {
    pub(crate) actions: Vec<String>,
    #[serde(default)]
    pub(crate) before: Value,
    #[serde(default)]
    pub(crate) after: Value,
    #[serde(default)]
    pub(crate) after_unknown: Value,
    #[serde(default)]
    pub(crate) replace_paths: Vec<Value>,
}

impl RawChange {
    pub(crate) fn to_change(&self) -> Result<ResourceChange, PlanError> {
        let body = &self.change;
        let Some(action) = PlanAction::from_actions(&body.actions) else {
            return Err(PlanError::Actions {
                address: self.address.clone(),
                actions: body.actions.clone(),
            });
        };
        Ok(ResourceChange {
            address: self.address.parse()?,
            deposed: self.deposed.clone(),
            provider: self.provider_name.clone(),
            action,
            replace_paths: body
                .replace_paths
                .iter()
                .filter_map(AttributePath::from_json)
                .collect(),
            changed_paths: path::changed_paths(&body.before, &body.after, &body.after_unknown),
            reason: self.action_reason.clone(),
        })
    }
}

#[derive(Deserialize)]
pub(crate) struct RawValues {
    #[serde(default)]
    pub(crate) root_module: Option<RawModule>,
}

#[derive(Deserialize)]
pub(crate) struct RawModule {
    #[serde(default)]
    pub(crate) resources: Vec<RawResource>,
    #[serde(default)]
    pub(crate) child_modules: Vec<RawModule>,
}

#[derive(Deserialize)]
pub(crate) struct RawResource {
    pub(crate) address: String,
    #[serde(default)]
    pub(crate) provider_name: String,
    #[serde(default)]
    pub(crate) schema_version: u64,
    #[serde(default)]
    pub(crate) values: Value,
    #[serde(default)]
    pub(crate) sensitive_values: Value,
}

impl RawResource {
    pub(crate) fn to_planned(&self) -> Result<PlannedResource, PlanError> {
        let (values, redacted) = redact::redact(self.values.clone(), &self.sensitive_values);
        Ok(PlannedResource {
            address: self.address.parse()?,
            provider: self.provider_name.clone(),
            schema_version: self.schema_version,
            values,
            redacted,
        })
    }
}
