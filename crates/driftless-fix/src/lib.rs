//! Applying fixes to a repository (`docs/architecture.md`, "Decisions that cut across crates":
//! fixes converge and are gated).
//!
//! [`fix_repository`] scans, applies the selected fixes in passes until nothing changes (a fix
//! that overlaps one already applied waits for the next pass), and gates every pass: the
//! patched tree is re-parsed and re-scanned in memory, and a fix that breaks parsing or adds a
//! finding is taken out (its file restored, the other fixes re-applied without it) and
//! reported with the reason. With [`Verify::With`], Terraform then gates what converged
//! (`verify`): the fixed configuration of every root module the fixes touch must plan against
//! the state of the unfixed one, and a fix must not replace or delete what it does not
//! declare; a fix Terraform refuses is taken out the same way, and each fix applied carries
//! what the plan does ([`driftless_diagnostics::Verification`]). Only then are files
//! written, each keeping its line endings.
//!
//! The API takes a repository root and a predicate over findings, so a campaign can apply a
//! chosen subset inside a temporary worktree.
#![warn(missing_docs)]

mod diff;
mod engine;
mod key;
mod verify;

pub use diff::{fix_diff, fix_diff_indexed, unified_diff};
pub use engine::{FixError, FixOptions, FixOutcome, Refused, fix_repository};
pub use verify::{Verifier, Verify};
