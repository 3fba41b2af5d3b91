//! The configuration model of driftless.
//!
//! [`Project::load`] walks a repository (honouring `.gitignore`, skipping `.terraform/`),
//! parses every `.tf` and `.tfvars` file in parallel with hcl-edit, groups them into module
//! folders and finds the root modules. [`evaluate`] then evaluates each root module: variables
//! from `.tfvars` files and defaults, module calls followed into local folders and into
//! `.terraform/modules` (never edited), `count`/`for_each` expanded, and each resource instance
//! turned into a [`BlockView`] whose values are [`Value`]s, Known with their [`Origin`] (where
//! the value is set) or Unknown. A call of a registry module that was not downloaded is
//! evaluated from the [`knowledge_base`] when the module is known. Rules then ask [`edit`] where
//! an edit goes: "this attribute of this resource should be V".
//!
//! # Layers
//!
//! Each layer uses only those above it; nothing imports a layer below it.
//!
//! ```text
//! files            walk, source, parse, model, project: the files as read, parsed, declared
//!   │
//! value            Value, Kind, Origin (and ModuleInput: "set by this module call input")
//!   │
//! eval             error, functions (pure, over values; decode; files: reads inside the
//!   │              repository only), scope (the evaluator, try/can, file functions),
//!   │              types (type constraints: a variable's value converted, optional defaults)
//!   │
//! view             BlockView, AttributeView, BlockLayout, ModuleInputs: data, no evaluation
//!   ├──────────────────────┐
//! build            a parsed     edit            where an edit goes, from views alone:
//!   │              block ->                     set, insert, list, call inputs, each
//!   │              its view                     checked against the provider schema;
//!   │                                           PlanError's text is the recommendation
//! knowledge_base   format (the embedded data), instantiate (a module call -> views)
//!   │
//! instances        evaluate: root modules -> module and resource instances
//!
//! trace            the generator's door into files, eval and build (driftless-dev kb)
//! ```
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

mod build;
pub mod edit;
mod eval;
mod files;
mod instances;
pub mod knowledge_base;
pub mod trace;
mod value;
mod view;

pub use files::{
    ExprDecl, LoadOptions, ModuleCallDecl, ModuleSource, Project, ResourceDecl, SourceFile,
    VariableDecl, VarsFile, parent_dir, relative_path,
};
pub use instances::{Evaluation, ModuleInstance, Resource, evaluate};
pub use value::{Kind, ModuleInput, Origin, Value, format_number};
pub use view::{AttributeView, BlockLayout, BlockView, ModuleInputs, NestedInputs};
