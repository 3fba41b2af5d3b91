//! Terraform as the last gate of a fix (`docs/architecture.md` §3.7): the configuration with
//! the fixes applied must validate and plan, in every root module they touch, against the
//! state of the unfixed configuration; the plan says what each fix does to the running
//! resources.
//!
//! Layers, each using only those above it:
//!
//! ```text
//! roots     which root modules a changed file belongs to (from the scan's module instances)
//! judge     a plan read against the fixes: each fix's changes, undeclared replacements
//! session   one root module's scratch copy: the unfixed plan (the prior state), fixed plans
//! (here)    Verify, Verifier, and `verify`, which the fix engine calls after each convergence
//! ```
//!
//! Nothing here calls a cloud: the runner plans offline (`driftless_terraform`), with the
//! user's state file when one is given for the root module (`scan --state`), otherwise
//! against a state built from the unfixed configuration's own plan.

mod judge;
mod roots;
mod session;

use crate::key::{FixKey, key};
use driftless_diagnostics::{Finding, Verification};
use driftless_rules::Scan;
use driftless_state::{Redaction, StateFormat, StateSpec};
use driftless_terraform::{Runner, RunnerOptions, SetupError};
use judge::Judged;
use judge::RootOutcome;
use rayon::prelude::*;
use session::Session;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// Whether the fix engine verifies fixes with Terraform.
#[derive(Debug, Clone, Default)]
pub enum Verify {
    /// Not asked for: findings carry no verification (library callers, tests of the gate).
    #[default]
    No,
    /// Asked for but not possible (Terraform or the provider mirror not found, `--no-verify`):
    /// every fixed finding carries [`Verification::Skipped`] with this reason.
    Unavailable(String),
    /// Plan with Terraform.
    With(Arc<Verifier>),
}

impl Verify {
    /// [`Verify::With`] a verifier [`Verifier::discover`] finds, or [`Verify::Unavailable`]
    /// saying what is missing.
    #[must_use]
    pub fn discover(options: &RunnerOptions) -> Self {
        match Verifier::discover(options) {
            Ok(verifier) => Self::With(Arc::new(verifier)),
            Err(e) => Self::Unavailable(e.to_string()),
        }
    }

    /// Why fixes are not verified, when they are not and it was asked for.
    #[must_use]
    pub fn skipped_because(&self) -> Option<&str> {
        match self {
            Self::Unavailable(reason) => Some(reason),
            Self::No | Self::With(_) => None,
        }
    }
}

/// Terraform and the provider mirror, ready to plan fixed configurations. One verifier serves
/// every fix run of a process.
#[derive(Debug)]
pub struct Verifier {
    runner: Runner,
    /// `terraform 1.11.4`.
    tool: String,
}

impl Verifier {
    /// Finds Terraform (or OpenTofu) and the provider mirror ([`Runner::discover`]).
    ///
    /// # Errors
    /// The [`SetupError`] of what is missing.
    pub fn discover(options: &RunnerOptions) -> Result<Self, SetupError> {
        Ok(Self::new(Runner::discover(options)?))
    }

    /// A verifier planning with `runner`.
    #[must_use]
    pub fn new(runner: Runner) -> Self {
        let terraform = runner.terraform();
        let tool = format!("{} {}", terraform.name, terraform.version);
        Self { runner, tool }
    }

    /// The tool and its version, `terraform 1.11.4`.
    #[must_use]
    pub fn tool(&self) -> &str {
        &self.tool
    }
}

/// What verifying one convergence found: fixes to take out (with Terraform's reason), and
/// the verification of every other fix applied.
#[derive(Debug, Default)]
pub(crate) struct Verdicts {
    pub(crate) refused: Vec<(Finding, String)>,
    pub(crate) verified: BTreeMap<FixKey, Verification>,
}

/// A root module's session once opened, or why it cannot be.
type Slot<'v> = Arc<Mutex<Option<Result<Session<'v>, String>>>>;

/// The root modules' sessions, kept across the fix engine's rounds: each holds its scratch
/// copy and the unfixed plan, which do not change when a refused fix is taken out.
pub(crate) struct Sessions<'v> {
    verifier: &'v Verifier,
    repository: PathBuf,
    /// The variable files the scan read (`--var-file`), given to every plan.
    var_files: Vec<PathBuf>,
    /// The state files the scan read (`--state`), by root module.
    states: BTreeMap<String, PathBuf>,
    open: Mutex<BTreeMap<String, Slot<'v>>>,
}

impl<'v> Sessions<'v> {
    /// Sessions for the root modules of `repository`, planned with `var_files`, and each
    /// against the first of `states` bound to it.
    pub(crate) fn new(
        verifier: &'v Verifier,
        repository: &Path,
        var_files: &[PathBuf],
        states: &[StateSpec],
    ) -> Self {
        let mut by_root: BTreeMap<String, PathBuf> = BTreeMap::new();
        for spec in states {
            by_root
                .entry(roots::normal(&spec.root_dir))
                .or_insert_with(|| spec.path.clone());
        }
        Self {
            verifier,
            repository: repository.to_path_buf(),
            var_files: var_files.to_vec(),
            states: by_root,
            open: Mutex::new(BTreeMap::new()),
        }
    }

    /// The state file root module `root` is planned against: the one given for it when it is
    /// a state file (format version 4). A plan or `terraform show -json` file, which Terraform
    /// cannot plan from, or a file that does not load (the scan reports why), leaves the root
    /// module planned against a state built from its unfixed plan.
    fn state_file(&self, root: &str) -> Option<PathBuf> {
        let path = self.states.get(root)?;
        match driftless_state::load(path, &Redaction::new()) {
            Ok(state) if state.format == StateFormat::StateV4 => Some(path.clone()),
            Ok(state) => {
                tracing::info!(
                    root,
                    format = ?state.format,
                    "the state given is not a state file: planning against the unfixed plan"
                );
                None
            }
            Err(e) => {
                tracing::info!(
                    root,
                    "the state given does not load ({e}): planning against the unfixed plan"
                );
                None
            }
        }
    }

    fn slot(&self, root: &str) -> Slot<'v> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.entry(root.to_owned()).or_default().clone()
    }
}

/// Verifies the fixes of `fixed` (findings of `before` whose fix is in `overlay`, the changed
/// files' texts): plans every root module a changed file belongs to, judges each plan
/// against the fixes, and, when a root's fixed configuration fails to plan or replaces what no
/// fix declares, plans each of that root's fixes alone (`single(finding)` gives the changed
/// files of that fix alone) to find which fix to take out.
pub(crate) fn verify(
    sessions: &Sessions<'_>,
    before: &Scan,
    overlay: &session::Files,
    fixed: &[Finding],
    single: &session::Single<'_>,
) -> Verdicts {
    let tree = roots::RootTree::of(before);
    let mut by_root: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for finding in fixed {
        for root in tree.roots_of_fix(finding) {
            by_root.entry(root).or_default().push(finding);
        }
    }
    let outcomes: Vec<(String, RootOutcome)> = by_root
        .par_iter()
        .map(|(root, findings)| {
            let slot = sessions.slot(root);
            let mut guard = slot.lock().unwrap_or_else(PoisonError::into_inner);
            let outcome =
                session::run_root(sessions, root, &mut guard, &tree, overlay, findings, single);
            (root.clone(), outcome)
        })
        .collect();
    let mut verdicts = Verdicts::default();
    let mut refused_keys: BTreeSet<FixKey> = BTreeSet::new();
    let mut per_fix: BTreeMap<FixKey, Vec<(String, RootOutcome)>> = BTreeMap::new();
    for (root, outcome) in &outcomes {
        match outcome {
            RootOutcome::Judged(Judged { refused, .. }) => {
                for (finding, reason) in refused {
                    if refused_keys.insert(key(finding)) {
                        verdicts.refused.push((finding.clone(), reason.clone()));
                    }
                }
            }
            RootOutcome::Unavailable(_) => {}
        }
        for finding in &by_root[root] {
            per_fix
                .entry(key(finding))
                .or_default()
                .push((root.clone(), outcome.clone()));
        }
    }
    for finding in fixed {
        let k = key(finding);
        if refused_keys.contains(&k) {
            continue;
        }
        let roots = per_fix.remove(&k).unwrap_or_default();
        verdicts.verified.insert(
            k,
            judge::verification(sessions.verifier.tool(), finding, &roots),
        );
    }
    verdicts
}
