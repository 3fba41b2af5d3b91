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
#![warn(missing_docs)]

pub mod schema;
