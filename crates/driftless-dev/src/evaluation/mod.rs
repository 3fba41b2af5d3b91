//! Evaluation checked against Terraform: driftless's evaluated view of a configuration (every
//! managed resource instance and every attribute value it holds as Known) laid beside
//! `terraform plan`'s planned values, on every rule fixture case and every root module of the
//! public corpus that Terraform plans offline with the AWS provider alone.
//!
//! `driftless-dev evaluated DIR [--root R]` prints the view as JSON; `driftless-dev agreement`
//! runs the whole comparison and prints the agreement figures;
//! `crates/driftless-dev/tests/evaluation.rs` runs it too and fails on a disagreement that
//! `data/evaluation_exceptions.tsv` does not list with its reason, on a listed one that no
//! longer happens, and when `data/evaluation_skipped.tsv` (the root modules that cannot be
//! planned, and why) is stale.
//!
//! Layers, each using only those above it:
//!
//! ```text
//! view       the evaluated view: instances, known values shaped as Terraform's JSON
//! values     one value against Terraform's, normalised as Terraform converts it
//! compare    a view against a plan: instances, attributes, disagreements, counts
//! cases      the root modules compared: rule fixture cases, the corpus's repositories
//! run        plan each with the real Terraform (a pool of threads), compare
//! report     the figures, the skipped list, the exceptions
//! ```

pub mod cases;
pub mod compare;
pub mod report;
pub mod run;
pub mod values;
pub mod view;

pub use cases::{Group, RootCase, corpus_cases, fixture_cases};
pub use compare::{Comparison, Disagreement, INSTANCE, Tally, compare};
pub use report::{Exception, Figures, check_exceptions, parse_exceptions, skipped_tsv};
pub use run::{CaseResult, Skip, SkipKind, fixture_case, fixture_problems, run};
pub use view::{EvaluatedInstance, EvaluatedView, views};

/// How many root modules are planned at a time: Terraform runs a provider process a plan, and
/// the machines this runs on have two cores.
pub const THREADS: usize = 2;
