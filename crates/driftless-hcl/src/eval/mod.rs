//! The third layer: the evaluator. It folds literals, `var.*`, `local.*`, module inputs,
//! `each`, `count.index`, conditionals, templates, `for` expressions, a set of pure
//! functions and the file functions (reading inside the scanned repository only) into known
//! values, recording where each known value was set. Everything else is
//! [`Kind::Unknown`](crate::Kind::Unknown), and an unknown value never produces a finding.
//!
//! [`error`] says why an expression has no value, [`functions`] are Terraform's pure
//! built-in functions over values, [`scope`] is the evaluator itself, which calls them, and
//! [`types`] converts the value a typed variable receives to its type constraint (filling
//! `optional(T, default)` attributes), parsing the constraint with the evaluator.
//! It reads the declarations of the first layer and the values of the second, nothing later.

pub(crate) mod error;
pub(crate) mod functions;
pub(crate) mod scope;
pub(crate) mod types;

pub(crate) use functions::files::FileRoots;
pub(crate) use scope::{ModuleEnv, Scope, iterate};
pub(crate) use types::convert_variable;
