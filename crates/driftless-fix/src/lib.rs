//! Applying fixes to a repository (`docs/architecture.md`, "Decisions that cut across crates":
//! fixes converge and are gated).
//!
//! [`fix_repository`] scans, applies the selected fixes in passes until nothing changes (a fix
//! that overlaps one already applied waits for the next pass), and gates every pass: the
//! patched tree is re-parsed and re-scanned in memory, and a fix that breaks parsing or adds a
//! finding is taken out (its file restored, the other fixes re-applied without it) and
//! reported with the reason. Only then are files written, each keeping its line endings.
//!
//! The API takes a repository root and a predicate over findings, so a campaign can apply a
//! chosen subset inside a temporary worktree.
#![warn(missing_docs)]

mod diff;
mod engine;

pub use diff::{fix_diff, fix_diff_indexed, unified_diff};
pub use engine::{FixError, FixOptions, FixOutcome, Refused, fix_repository};
