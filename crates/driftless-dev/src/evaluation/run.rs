//! Planning every root module with the real Terraform (offline, against no state) and
//! comparing its planned values with driftless's view, a few root modules at a time.

use super::cases::{Group, RootCase};
use super::compare::{Comparison, compare};
use driftless_terraform::{Against, RunError, Runner};
use rayon::prelude::*;
use std::fmt;

/// Why a root module was not compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipKind {
    /// Planning needs the provider's API (a data source that reads from it):
    /// [`RunError::NeedsApi`].
    NeedsApi,
    /// A module comes from a registry or a remote source: [`RunError::RemoteModule`].
    RemoteModule,
    /// A provider other than the AWS provider of the mirror, or a version of the AWS provider
    /// the mirror does not hold: [`RunError::ProviderNotInMirror`].
    OtherProvider,
    /// A variable without a default is given no value (Terraform asks for it).
    NeedsInput,
    /// Terraform rejects the configuration otherwise: [`RunError::Rejected`].
    Rejected,
    /// Running Terraform failed (a time limit, an I/O error): never expected.
    Failed,
}

impl fmt::Display for SkipKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NeedsApi => "needs-api",
            Self::RemoteModule => "remote-module",
            Self::OtherProvider => "other-provider",
            Self::NeedsInput => "needs-input",
            Self::Rejected => "rejected",
            Self::Failed => "failed",
        })
    }
}

/// A root module that was not compared, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// The kind of reason.
    pub kind: SkipKind,
    /// The reason in a line, without anything that depends on the machine (paths of the
    /// scratch folder or the mirror): what calls the API, the remote module call, the
    /// provider, or Terraform's first error with its location.
    pub reason: String,
}

impl Skip {
    /// The skip a failed run means.
    #[must_use]
    pub fn from_error(error: &RunError) -> Self {
        let (kind, reason) = match error {
            RunError::NeedsApi { caller, .. } => (SkipKind::NeedsApi, caller.clone()),
            RunError::RemoteModule {
                call,
                from,
                location,
            } => (
                SkipKind::RemoteModule,
                format!("{location}: module {call} from {from}"),
            ),
            RunError::ProviderNotInMirror {
                provider,
                mirror,
                detail,
            } => (
                SkipKind::OtherProvider,
                format!(
                    "{provider}: {}",
                    detail.replace(&mirror.display().to_string(), "the mirror")
                ),
            ),
            RunError::Rejected { diagnostics, .. } => {
                let first = diagnostics.iter().find(|d| d.is_error());
                let summary = first.map(|d| d.summary.as_str()).unwrap_or_default();
                let location = first
                    .and_then(|d| d.location.as_ref())
                    .map(|l| format!("{l}: "))
                    .unwrap_or_default();
                let kind = if summary == "No value for required variable" {
                    SkipKind::NeedsInput
                } else {
                    SkipKind::Rejected
                };
                (kind, format!("{location}{summary}"))
            }
            other => (SkipKind::Failed, other.to_string()),
        };
        Self { kind, reason }
    }
}

/// What became of one root module.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// The case's name ([`RootCase::name`]).
    pub name: String,
    /// Its group.
    pub group: Group,
    /// Compared, or skipped.
    pub outcome: Result<Comparison, Skip>,
}

/// Plans each of `cases` with `runner` (`threads` at a time) and compares the plan with
/// driftless's view; in the order of `cases`.
///
/// # Errors
/// When the thread pool cannot be built.
pub fn run(
    runner: &Runner,
    cases: &[RootCase],
    threads: usize,
) -> Result<Vec<CaseResult>, rayon::ThreadPoolBuildError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    Ok(pool.install(|| cases.par_iter().map(|case| run_one(runner, case)).collect()))
}

fn run_one(runner: &Runner, case: &RootCase) -> CaseResult {
    let outcome = runner
        .workspace(&case.repository, &case.root)
        .and_then(|mut workspace| workspace.plan(Against::Empty))
        .map(|plan| compare(&case.view, &plan.planned))
        .map_err(|e| Skip::from_error(&e));
    CaseResult {
        name: case.name.clone(),
        group: case.group,
        outcome,
    }
}

impl SkipKind {
    /// Whether a fixture case skipped with this kind is what `reason` (its entry in
    /// [`driftless_rules::fixtures::CANNOT_PLAN`]) makes Terraform or the runner say.
    #[must_use]
    pub fn explained_by(self, reason: driftless_rules::fixtures::CannotPlan) -> bool {
        use driftless_rules::fixtures::CannotPlan;
        match reason {
            CannotPlan::RegistryModule => self == Self::RemoteModule,
            CannotPlan::NewerProvider | CannotPlan::RejectedValue => self == Self::Rejected,
        }
    }
}

/// The fixture case a fixture result is of: its name without the `fixtures/` prefix and the
/// `:<root module>` suffix, as `driftless_rules::fixtures::Case::name` gives it.
#[must_use]
pub fn fixture_case(result: &CaseResult) -> Option<&str> {
    let name = result.name.strip_prefix(Group::Fixtures.prefix())?;
    Some(name.split(':').next().unwrap_or(name))
}

/// What is wrong with the fixture cases among `results`: a case that does not plan and is
/// not listed in [`driftless_rules::fixtures::CANNOT_PLAN`] (every fixture is valid Terraform
/// that plans offline), one listed whose skip is not what the list says, and one listed that
/// plans. One line each.
#[must_use]
pub fn fixture_problems(results: &[CaseResult]) -> Vec<String> {
    use driftless_rules::fixtures::cannot_plan;
    let mut out = Vec::new();
    let mut skipped = std::collections::BTreeSet::new();
    let mut planned = std::collections::BTreeSet::new();
    for result in results {
        let Some(case) = fixture_case(result) else {
            continue;
        };
        match (&result.outcome, cannot_plan(case)) {
            (Ok(_), _) => {
                planned.insert(case);
            }
            (Err(skip), Some((_, reason, _))) if skip.kind.explained_by(*reason) => {
                skipped.insert(case);
            }
            (Err(skip), Some((_, reason, _))) => out.push(format!(
                "{}: listed in CANNOT_PLAN as {reason:?}, but {}: {}",
                result.name, skip.kind, skip.reason
            )),
            (Err(skip), None) => out.push(format!(
                "{}: does not plan ({}): {}",
                result.name, skip.kind, skip.reason
            )),
        }
    }
    for case in planned.difference(&skipped) {
        if cannot_plan(case).is_some() {
            out.push(format!(
                "fixtures/{case}: listed in CANNOT_PLAN, but it plans: take it off the list"
            ));
        }
    }
    out
}
