//! Terraform itself as the oracle for what driftless claims about a fix.
//!
//! A fix driftless proposes must be valid against the provider's schema, and the patched
//! configuration must validate and plan; the plan says what the fix does to the running
//! resource (update in place, replace). This crate holds what that needs and depends only on
//! `driftless-diagnostics`, so edit planning and the fix engine can both use it:
//!
//! - the AWS provider schema as data, shipped in the binary, so edits are checked without
//!   Terraform installed;
//! - the runner: finds `terraform` or `tofu`, works in scratch copies only (never the user's
//!   tree, backend or lock), installs the provider from a local mirror into one shared plugin
//!   cache, plans offline, and reads the plan JSON.
//!
//! The runner's layers, each using only those above it:
//!
//! ```text
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

pub use diagnostic::{DiagnosticLocation, DiagnosticSeverity, TerraformDiagnostic};
pub use prior::{MAX_SETTLE_ROUNDS, PLACEHOLDER_ID, PriorState, PriorStateError};
pub use runner::{
    AWS_PROVIDER, Against, DEAD_PROXY, DEFAULT_REGION, DEFAULT_TIMEOUT, MIRROR_VARIABLE,
    OVERRIDE_FILE, PLUGIN_CACHE_VARIABLE, PROVIDER_FILE, ProviderMirror, RunError, Runner,
    RunnerOptions, SetupError, Stage, TERRAFORM_VARIABLE, Terraform, ToolName, Workspace,
    default_plugin_cache,
};
