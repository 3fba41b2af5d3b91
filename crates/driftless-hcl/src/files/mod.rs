//! The first layer: the repository's files as read, parsed and declared, before anything is
//! evaluated. [`walk`](walk::walk) finds the `.tf` and `.tfvars` files, [`source`] keeps each
//! file's text with what is needed to point into it, [`parse`] runs hcl-edit, [`model`]
//! collects the declarations of one module folder, and [`project`] puts it together:
//! [`Project::load`] walks, parses in parallel and groups the files into module folders.
//!
//! Nothing here imports a later layer (values, the evaluator, the view).

pub(crate) mod model;
pub(crate) mod parse;
pub(crate) mod project;
pub(crate) mod source;
pub(crate) mod walk;

pub use model::{ExprDecl, ModuleCallDecl, ModuleSource, ResourceDecl, VariableDecl, VarsFile};
pub use project::{LoadOptions, Project, parent_dir};
pub use source::SourceFile;
pub use walk::relative_path;
