//! What survives loading one state or plan file: resource instances with their address and
//! the few attributes the redaction allows: secrets are dropped on read.

use driftless_diagnostics::{ResourceAddress, ResourceMode};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Which kind of file a [`State`] was read from; detected from the content, never from the
/// file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StateFormat {
    /// A state file, format version 4 (`terraform.tfstate`, `terraform state pull`; Terraform
    /// 0.12 and later, OpenTofu).
    StateV4,
    /// `terraform show -json` of a state: `format_version` and `values.root_module`.
    ShowJson,
    /// `terraform show -json` of a plan: `planned_values`, `prior_state`, `resource_changes`.
    Plan,
}

/// Where the attribute values of one instance were read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValuesFrom {
    /// A state file's `attributes` (or legacy `attributes_flat`), or the `values` of
    /// `terraform show -json` of a state: the object exists.
    State,
    /// A plan's `prior_state`: the object exists (as of the plan's refresh).
    PriorState,
    /// A plan's `planned_values`, for an instance absent from `prior_state`: the object is to
    /// be created, so values known only after apply (usually `id` and `arn`) are missing.
    PlannedValues,
    /// A plan's `resource_changes[].change.after` (or `.before` for a deletion), for an
    /// instance in neither `prior_state` nor `planned_values`.
    ResourceChange,
}

/// One resource instance, redacted: its address and the attributes the [`crate::Redaction`]
/// keeps. Nothing else from the file is held, so `Debug` output never shows a secret.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceInstance {
    /// Full address with module path and instance keys,
    /// `module.a["x"].aws_instance.web[0]`.
    pub address: ResourceAddress,
    /// The deposed-object key (`"00000001"`) of an object that `create_before_destroy`
    /// replaced but has not deleted yet; `None` for the current object.
    pub deposed: Option<String>,
    /// Where the values were read from.
    pub values_from: ValuesFrom,
    /// The kept attributes, by top-level name. Values are as in the file's JSON (legacy
    /// `attributes_flat` values stay strings); convert with `driftless_hcl::Value::from_json`.
    pub attributes: BTreeMap<String, serde_json::Value>,
}

impl ResourceInstance {
    /// The resource type, `aws_s3_bucket`.
    #[must_use]
    pub fn resource_type(&self) -> &str {
        &self.address.resource_type
    }

    /// Whether this is a managed resource (`resource` block) rather than a data source.
    #[must_use]
    pub fn is_managed(&self) -> bool {
        self.address.mode == ResourceMode::Managed
    }

    /// A kept attribute that is a non-empty string.
    #[must_use]
    pub fn string(&self, name: &str) -> Option<&str> {
        match self.attributes.get(name) {
            Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s),
            _ => None,
        }
    }

    /// The provider's `id` attribute, when known and not empty.
    #[must_use]
    pub fn id(&self) -> Option<&str> {
        self.string("id")
    }

    /// The `arn` attribute, when the state has one (not a derived ARN; see
    /// [`crate::derived_arn`]).
    #[must_use]
    pub fn arn(&self) -> Option<&str> {
        self.string("arn")
    }
}

/// One loaded state or plan file, redacted.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The file it was read from.
    pub path: PathBuf,
    /// What kind of file it was.
    pub format: StateFormat,
    /// The `terraform_version` that wrote it, when the file says.
    pub terraform_version: Option<String>,
    /// Every resource instance, managed and data, in file order; for a plan, the instances of
    /// `prior_state`, then those only in `planned_values`, then those only in
    /// `resource_changes`.
    pub instances: Vec<ResourceInstance>,
    /// For a plan, the values of the root module variables it was made with (its `variables`
    /// section) that the [`crate::Redaction`] keeps; empty otherwise.
    pub variables: BTreeMap<String, serde_json::Value>,
}
