//! The plan as driftless reads it: `terraform show -json PLANFILE`
//! (<https://developer.hashicorp.com/terraform/internals/json-format#plan-representation>).
//!
//! A fix is verified by what the plan says it does to each resource instance: the action
//! (update in place, replace, create, delete), the attributes that force a replacement
//! (`replace_paths`) and the attribute paths whose value changes. Those are paths, never
//! values: the before and after values are read only to compare them and are dropped. The
//! planned values (what the next step compares driftless's evaluation with) are kept with every
//! sensitive value removed ([`PlannedResource::redacted`] says where).

mod path;
pub(crate) mod raw;
mod redact;

/// What a plan does to a resource instance: the shared vocabulary's type, re-exported.
pub use driftless_diagnostics::{PlanAction, ReplaceOrder};
pub use path::{AttributePath, PathStep};

use crate::diagnostic::TerraformDiagnostic;
use driftless_diagnostics::ResourceAddress;
use serde_json::{Map, Value};

/// One entry of the plan's `resource_changes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceChange {
    /// The instance, `module.db.aws_db_instance.this[0]`.
    pub address: ResourceAddress,
    /// Set for a deposed object (left over from a failed `create_before_destroy`).
    pub deposed: Option<String>,
    /// The provider's source address, `registry.terraform.io/hashicorp/aws`.
    pub provider: String,
    /// What the plan does to the instance.
    pub action: PlanAction,
    /// For a replacement, the paths whose change forces it (`replace_paths`); often empty
    /// otherwise.
    pub replace_paths: Vec<AttributePath>,
    /// The outermost paths whose value changes or becomes unknown (see
    /// [`ResourceChange::changes`]); for a create, every attribute the plan sets.
    pub changed_paths: Vec<AttributePath>,
    /// Terraform's `action_reason` (`replace_because_cannot_update`, ...), when it gives one.
    pub reason: Option<String>,
}

impl ResourceChange {
    /// Whether the change alters `path` or anything inside it.
    #[must_use]
    pub fn changes(&self, path: &AttributePath) -> bool {
        self.changed_paths
            .iter()
            .any(|p| p.starts_with(path) || path.starts_with(p))
    }
}

/// One resource instance of the plan's `planned_values`: the values the plan expects it to
/// have after apply, known ones only, sensitive ones removed.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedResource {
    /// The instance address.
    pub address: ResourceAddress,
    /// The provider's source address.
    pub provider: String,
    /// The version of the resource type's schema the values follow.
    pub schema_version: u64,
    /// The known values by attribute name; an unknown value is absent.
    pub values: Map<String, Value>,
    /// Paths removed because Terraform marks them sensitive or their name says they hold a
    /// secret, sorted.
    pub redacted: Vec<AttributePath>,
}

/// A plan, read from `terraform show -json PLANFILE`.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The JSON format's version, `1.2`.
    pub format_version: String,
    /// The version of Terraform that made the plan.
    pub terraform_version: String,
    /// Every resource instance the plan considered, in Terraform's order.
    pub changes: Vec<ResourceChange>,
    /// The planned values of managed resources and data sources, module by module.
    pub planned: Vec<PlannedResource>,
    /// Whether planning stopped on an error (such a plan is incomplete).
    pub errored: bool,
    /// The warnings Terraform printed while planning (empty when read from a file alone).
    pub warnings: Vec<TerraformDiagnostic>,
}

/// Why a text is not a plan driftless can read. The message never quotes the text: a plan
/// holds secrets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// Not JSON, or JSON without a plan's shape.
    #[error("not a plan in Terraform's JSON format (line {line}, column {column})")]
    Json {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
    },
    /// A format version driftless does not read (it reads `1.x`).
    #[error("plan JSON format {0} is not supported (driftless reads format 1.x)")]
    Format(String),
    /// A resource address that does not parse.
    #[error("plan JSON: {0}")]
    Address(#[from] driftless_diagnostics::AddressParseError),
    /// An `actions` list Terraform does not write.
    #[error("plan JSON: `{address}` has actions {actions:?}, which driftless does not know")]
    Actions {
        /// The instance.
        address: String,
        /// The actions as written.
        actions: Vec<String>,
    },
}

impl Plan {
    /// Reads the output of `terraform show -json PLANFILE`.
    ///
    /// # Errors
    /// [`PlanError`] when the text is not such a plan, its format is not 1.x, an address does
    /// not parse or an action list is unknown.
    ///
    /// # Example
    /// ```
    /// use driftless_terraform::plan::{Plan, PlanAction};
    /// let text = r#"{"format_version": "1.2", "terraform_version": "1.11.4",
    ///   "resource_changes": [{"address": "aws_ebs_volume.data", "provider_name": "registry.terraform.io/hashicorp/aws",
    ///     "change": {"actions": ["delete", "create"], "before": {"encrypted": false},
    ///                "after": {"encrypted": true}, "after_unknown": {}, "replace_paths": [["encrypted"]]}}]}"#;
    /// let plan = Plan::from_json(text).unwrap();
    /// let change = &plan.changes[0];
    /// assert!(matches!(change.action, PlanAction::Replace(_)));
    /// assert_eq!(change.replace_paths[0].to_string(), "encrypted");
    /// ```
    pub fn from_json(text: &str) -> Result<Self, PlanError> {
        Self::from_raw(&raw::RawPlan::parse(text)?)
    }

    /// The plan of an already parsed text.
    pub(crate) fn from_raw(raw: &raw::RawPlan) -> Result<Self, PlanError> {
        if !raw.format_version.starts_with("1.") {
            return Err(PlanError::Format(raw.format_version.clone()));
        }
        Ok(Self {
            format_version: raw.format_version.clone(),
            terraform_version: raw.terraform_version.clone(),
            changes: raw
                .resource_changes
                .iter()
                .map(raw::RawChange::to_change)
                .collect::<Result<_, _>>()?,
            planned: raw
                .planned_resources()
                .into_iter()
                .map(raw::RawResource::to_planned)
                .collect::<Result<_, _>>()?,
            errored: raw.errored,
            warnings: Vec::new(),
        })
    }

    /// The change of the instance at `address` (not a deposed object).
    #[must_use]
    pub fn change(&self, address: &ResourceAddress) -> Option<&ResourceChange> {
        self.changes
            .iter()
            .find(|c| c.deposed.is_none() && &c.address == address)
    }

    /// Whether the plan changes nothing: every instance is [`PlanAction::NoOp`] or
    /// [`PlanAction::Read`] (a data source).
    #[must_use]
    pub fn changes_nothing(&self) -> bool {
        self.changes
            .iter()
            .all(|c| matches!(c.action, PlanAction::NoOp | PlanAction::Read))
    }
}

#[cfg(test)]
mod tests;
