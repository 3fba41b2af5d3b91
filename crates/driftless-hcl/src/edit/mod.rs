//! Edit planning: where an edit goes and what text it inserts, from the views alone. A rule
//! says "attribute `name` of this block should be V" ([`set_attribute`], [`set_nested`]),
//! "insert these attributes or this nested block" ([`insert_attributes`], [`insert_block`]),
//! "remove these elements of this list" ([`ListLiteral`]), "add this resource next to that
//! one" ([`insert_after`]) or "write this block instead of that one" ([`replace_block`]), and
//! gets the minimal byte-range edits ([`EditPlan`]) or the reason none can be made
//! ([`PlanError`], whose text is the recommendation users read). A rule that deletes a nested
//! block asks for the lines it stands on ([`block_lines`]).
//!
//! Every attribute set and every block or resource inserted is first checked against the
//! provider schema (`schema`): an edit Terraform would reject (an unknown attribute, a value
//! of another type, a static block beside a `dynamic` block of a type that allows one, a
//! deprecated attribute) is never offered; its [`PlanError::Schema`] says why.
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
//! edits the same way. It depends on the view and value layers, on the files' source texts
//! (for line ends and indentation) and on the provider schema (`driftless-terraform`) only:
//! nothing it does evaluates.

mod align;
mod call;
mod error;
mod insert;
mod lines;
mod list;
mod plan;
mod schema;
mod set;

pub use align::{align_edits, align_text};
pub use error::PlanError;
pub use insert::{insert_after, insert_attributes, insert_block, render_blocks, replace_block};
pub use lines::{BlockLines, block_lines};
pub use list::ListLiteral;
pub use plan::EditPlan;
pub use set::{set_attribute, set_nested};

#[cfg(test)]
mod tests;
