//! Edit planning: where an edit goes and what text it inserts, from the views alone. A rule
//! says "attribute `name` of this block should be V" ([`set_attribute`], [`set_nested`]),
//! "insert these attributes or this nested block" ([`insert_attributes`], [`insert_block`]),
//! "remove these elements of this list" ([`ListLiteral`]) or "add this resource next to that
//! one" ([`insert_after`]), and gets the minimal byte-range edits ([`EditPlan`]) or the reason
//! none can be made ([`PlanError`], whose text is the recommendation users read). A rule that
//! deletes a nested block asks for the lines it stands on ([`block_lines`]).
//!
//! A value is replaced where it is set: the literal in the block, a variable default, a
//! tfvars entry, a local, the caller's module argument, or, for a block evaluated from the
//! module knowledge base, the registry module call's input. New attributes and blocks are
//! indented like their siblings and aligned as `terraform fmt` aligns them. Nothing is
//! reprinted.
//!
//! It lives in driftless-hcl, beside the view, because planning is the inverse of
//! evaluation: it reads the origins only the evaluator records and the knowledge base's
//! [`ModuleInputs`](crate::ModuleInputs), so that no rule ever names a knowledge-base type,
//! and so that every crate that edits configuration (rules today, others tomorrow) plans its
//! edits the same way. It depends on the view and value layers and on the files'
//! source texts (for line ends and indentation) only: nothing it does evaluates.

mod call;
mod error;
mod insert;
mod lines;
mod list;
mod plan;
mod set;

pub use error::PlanError;
pub use insert::{insert_after, insert_attributes, insert_block, render_blocks};
pub use lines::{BlockLines, block_lines};
pub use list::ListLiteral;
pub use plan::EditPlan;
pub use set::{set_attribute, set_nested};

#[cfg(test)]
mod tests;
