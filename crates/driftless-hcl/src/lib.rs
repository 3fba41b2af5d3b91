//! The configuration model of driftless.
//!
//! [`Project::load`] walks a repository (honouring `.gitignore`, skipping `.terraform/`),
//! parses every `.tf` and `.tfvars` file in parallel with hcl-edit, groups them into module
//! folders and finds the root modules. [`evaluate`] then evaluates each root module: variables
//! from `.tfvars` files and defaults, module calls followed into local folders and into
//! `.terraform/modules` (never edited), `count`/`for_each` expanded, and each resource instance
//! turned into a [`BlockView`] whose values are [`Value`]s, Known with their [`Origin`] (where
//! the value is set) or Unknown. A call of a registry module that was not downloaded is
//! evaluated from the [`registry`] knowledge base when the module is known.
//!
//! Offsets are 0-based byte offsets into the file as read; lines and columns are 1-based.
//!
//! # Example
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("main.tf"), r#"
//! variable "tokens" { default = "optional" }
//! resource "aws_instance" "web" {
//!   metadata_options { http_tokens = var.tokens }
//! }
//! "#).unwrap();
//! let project = driftless_hcl::Project::load(dir.path(), &Default::default());
//! let eval = driftless_hcl::evaluate(&project);
//! let web = &eval.resources[0];
//! let tokens = web.block.block("metadata_options").unwrap().value("http_tokens").unwrap();
//! assert_eq!(tokens.as_str().as_deref(), Some("optional"));
//! // The value is set in the variable default, on line 2.
//! assert_eq!(tokens.origin.as_ref().unwrap().location.start.line, 2);
//! ```
#![warn(missing_docs)]

pub mod eval;
mod functions;
pub mod instances;
pub mod model;
pub mod parse;
pub mod project;
pub mod registry;
pub mod source;
pub mod value;
pub mod view;
pub mod walk;

pub use instances::{Evaluation, ModuleInstance, Resource, evaluate};
pub use project::{LoadOptions, Project};
pub use source::SourceFile;
pub use value::{Kind, Origin, Value};
pub use view::{AttributeView, BlockLayout, BlockView};
