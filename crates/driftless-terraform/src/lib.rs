//! Terraform itself as the oracle for what driftless claims about a fix.
//!
//! A fix driftless proposes must be valid against the provider's schema, and the patched
//! configuration must validate and plan; the plan says what the fix does to the running
//! resource (update in place, replace). This crate holds what that needs and depends only on
//! `driftless-diagnostics`, so edit planning and the fix engine can both use it:
//!
//! - [`schema`]: the AWS provider schema as data, shipped in the binary, so edits are checked
//!   without Terraform installed: resource types, attributes (type, required/optional/computed,
//!   sensitive, deprecated) and nested blocks (nesting mode, min/max items), looked up by path;
//!   the checks edit planning (`driftless_hcl::edit`) runs on every edit before it is offered;
//!   the validation of written resource blocks, `dynamic` blocks counted. `driftless-dev
//!   schema` regenerates it from `terraform providers schema -json`;
//! - the runner: finds `terraform` or `tofu`, works in scratch copies only (never the user's
//!   tree, backend or lock), installs the provider from a local mirror into one shared plugin
//!   cache, plans offline, and reads the plan JSON.
//!
//! The layers, each using only those above it (`schema` stands alone):
//!
//! ```text
//! schema       the provider schema as data, and the checks of an edit
//! diagnostic   Terraform's errors and warnings, located in the repository
//! plan         the plan JSON model: actions, replace paths, changed paths, planned values
//!              (secrets removed)
//! prior        a state built from a plan (and settled), to plan a patched configuration
//!              against
//! runner       finding Terraform and the provider; scratch copies; init, validate, plan
//! ```
#![warn(missing_docs)]

mod diagnostic;
pub mod plan;
mod prior;
mod runner;
pub mod schema;

pub use diagnostic::{DiagnosticLocation, DiagnosticSeverity, TerraformDiagnostic};
pub use prior::{MAX_SETTLE_ROUNDS, PLACEHOLDER_ID, PriorState, PriorStateError};
pub use runner::{
    AWS_PROVIDER, Against, DEAD_PROXY, DEFAULT_REGION, DEFAULT_TIMEOUT, MIRROR_VARIABLE,
    OVERRIDE_FILE, PLACEHOLDER, PLUGIN_CACHE_VARIABLE, PROVIDER_FILE, ProviderMirror, RunError,
    Runner, RunnerOptions, SetupError, Stage, TERRAFORM_VARIABLE, Terraform, ToolName, Workspace,
    default_plugin_cache,
};
