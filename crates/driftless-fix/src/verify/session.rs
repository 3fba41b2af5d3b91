//! One root module's scratch copy, planned unfixed once (the state fixes are planned against)
//! and then with each set of fixes the engine hands it.

use super::Sessions;
use super::judge::{self, Judged, RootOutcome};
use super::roots::RootTree;
use driftless_diagnostics::{Finding, PlannedChange};
use driftless_terraform::plan::{Plan, ResourceChange};
use driftless_terraform::{Against, PriorState, RunError, Workspace};
use std::collections::BTreeMap;

/// Changed files: repository-relative path → text.
pub(super) type Files = BTreeMap<String, String>;

/// The changed files of one fix applied alone.
pub(super) type Single<'a> = dyn Fn(&Finding) -> Files + Sync + 'a;
use std::path::PathBuf;

/// What the fixed configuration is planned against.
enum Base {
    Prior(PriorState),
    StateFile(PathBuf),
}

/// A root module's scratch copy with its unfixed plan.
pub(super) struct Session<'v> {
    workspace: Workspace<'v>,
    base: Base,
    /// The unfixed configuration's own changes against the base.
    baseline: Vec<ResourceChange>,
    /// Files written into the copy, with the repository's text to put back.
    written: Files,
    repository: PathBuf,
}

impl<'v> Session<'v> {
    /// Copies root module `root` and plans it unfixed.
    fn open(sessions: &Sessions<'v>, root: &str) -> Result<Self, String> {
        let verifier = sessions.verifier;
        let repository = &sessions.repository;
        let mut workspace = verifier
            .runner
            .workspace(repository, root)
            .map_err(|e| e.to_string())?;
        workspace
            .use_var_files(&sessions.var_files)
            .map_err(|e| e.to_string())?;
        let unfixed =
            |e: RunError| format!("the configuration does not plan without the fixes: {e}");
        let (base, baseline) = if let Some(path) = sessions.state_file(root) {
            let plan = workspace.plan(Against::StateFile(&path)).map_err(unfixed)?;
            (Base::StateFile(path), plan.changes)
        } else {
            let (_, prior) = workspace.plan_with_prior_state().map_err(unfixed)?;
            let residual = prior.residual().to_vec();
            (Base::Prior(prior), residual)
        };
        Ok(Self {
            workspace,
            base,
            baseline,
            written: BTreeMap::new(),
            repository: repository.clone(),
        })
    }

    /// Plans the copy with `files` (repository-relative path → text) in place of the
    /// repository's, putting back the files an earlier plan changed.
    fn plan_fixed(&mut self, files: &Files) -> Result<Plan, RunError> {
        let stale: Vec<String> = self
            .written
            .keys()
            .filter(|p| !files.contains_key(*p))
            .cloned()
            .collect();
        for path in stale {
            if let Some(original) = self.written.remove(&path) {
                self.workspace.write_file(&path, &original)?;
            }
        }
        for (path, text) in files {
            if !self.written.contains_key(path) {
                let abs = self.repository.join(path);
                let original = std::fs::read_to_string(&abs).map_err(|e| RunError::Io {
                    action: "read",
                    path: abs,
                    source: e,
                })?;
                self.written.insert(path.clone(), original);
            }
            self.workspace.write_file(path, text)?;
        }
        let against = match &self.base {
            Base::Prior(prior) => Against::Prior(prior),
            Base::StateFile(path) => Against::StateFile(path),
        };
        self.workspace.plan(against)
    }

    /// The user's state file this root module is planned against, as given; `None` when it
    /// is planned against a state built from its unfixed plan.
    fn state_file(&self) -> Option<String> {
        match &self.base {
            Base::StateFile(path) => Some(path.display().to_string()),
            Base::Prior(_) => None,
        }
    }

    /// The changes the fixes in `files` make in this root module.
    fn changes(&mut self, root: &str, files: &Files) -> Result<Vec<PlannedChange>, RunError> {
        let plan = self.plan_fixed(files)?;
        Ok(judge::fix_changes(root, &plan, &self.baseline))
    }
}

/// Whether a failed plan of the fixed configuration is the fixes' fault (Terraform rejected
/// it, or it now needs the cloud's API) rather than the machine's (a timeout, a file that
/// cannot be written).
fn fixes_fault(e: &RunError) -> bool {
    matches!(e, RunError::Rejected { .. } | RunError::NeedsApi { .. })
}

/// Verifies the fixes of `findings` in root module `root`: opens its session on first use
/// (kept in `slot` for the engine's next round), plans the fixed files of `overlay` the root
/// reads, and judges the plan; a plan that fails, or a replacement no finding explains, is
/// narrowed down by planning each fix alone (`single`).
pub(super) fn run_root<'v>(
    sessions: &Sessions<'v>,
    root: &str,
    slot: &mut Option<Result<Session<'v>, String>>,
    tree: &RootTree,
    overlay: &Files,
    findings: &[&Finding],
    single: &Single<'_>,
) -> RootOutcome {
    let session = match slot.get_or_insert_with(|| Session::open(sessions, root)) {
        Ok(session) => session,
        Err(reason) => return RootOutcome::Unavailable(reason.clone()),
    };
    let state_file = session.state_file();
    let mut outcome = judge_root(session, root, tree, overlay, findings, single);
    if let RootOutcome::Judged(judged) = &mut outcome {
        judged.state_file = state_file;
    }
    outcome
}

/// [`run_root`] once the session is open.
fn judge_root(
    session: &mut Session<'_>,
    root: &str,
    tree: &RootTree,
    overlay: &Files,
    findings: &[&Finding],
    single: &Single<'_>,
) -> RootOutcome {
    let read = |files: &Files| -> Files {
        files
            .iter()
            .filter(|(p, _)| tree.reads(root, p))
            .map(|(p, t)| (p.clone(), t.clone()))
            .collect()
    };
    match session.changes(root, &read(overlay)) {
        Ok(changes) => {
            let (assigned, unexplained) = judge::assign(changes, findings);
            let undeclared = judge::undeclared(&assigned, &unexplained, findings);
            let mut refused: Vec<(Finding, String)> = Vec::new();
            for u in undeclared {
                let suspects: Vec<&Finding> = u
                    .suspects
                    .iter()
                    .copied()
                    .filter(|f| {
                        !refused
                            .iter()
                            .any(|(r, _)| crate::key::key(r) == crate::key::key(f))
                    })
                    .collect();
                if let [only] = suspects.as_slice() {
                    refused.push(((*only).clone(), judge::undeclared_reason(only, &u.change)));
                    continue;
                }
                // Several fixes change the instance: plan each alone to find the one that
                // destroys it.
                let culprits = alone(session, root, &suspects, &read, single, |result| {
                    let changes = result.as_ref().ok()?;
                    changes
                        .iter()
                        .find(|c| c.address == u.change.address && c.action.is_destructive())
                        .cloned()
                });
                let culprits: Vec<(Finding, String)> = culprits
                    .into_iter()
                    .map(|(f, c)| {
                        let reason = judge::undeclared_reason(&f, &c);
                        (f, reason)
                    })
                    .collect();
                refused.extend(blame_all_if_none(culprits, &suspects, || {
                    format!(
                        "with the other fixes of root module {root}, Terraform plans to {} {}, which no fix declares",
                        judge::verb(u.change.action),
                        u.change.address
                    )
                }));
            }
            RootOutcome::Judged(Judged {
                refused,
                changes: assigned,
                ..Judged::default()
            })
        }
        Err(e) if fixes_fault(&e) && findings.len() == 1 => RootOutcome::Judged(Judged {
            refused: vec![(
                findings[0].clone(),
                format!("Terraform rejects the fixed configuration: {e}"),
            )],
            ..Judged::default()
        }),
        Err(e) if fixes_fault(&e) => {
            let culprits = alone(
                session,
                root,
                findings,
                &read,
                single,
                |result| match result {
                    Err(e) if fixes_fault(e) => {
                        Some(format!("Terraform rejects the fixed configuration: {e}"))
                    }
                    _ => None,
                },
            );
            let refused = blame_all_if_none(culprits, findings, || {
                format!(
                    "with the other fixes of root module {root}, Terraform rejects the fixed configuration: {e}"
                )
            });
            RootOutcome::Judged(Judged {
                refused,
                ..Judged::default()
            })
        }
        Err(e) => RootOutcome::Unavailable(e.to_string()),
    }
}

/// Plans each fix of `findings` alone and keeps the fixes `blame` finds fault with, with
/// what it found.
fn alone<T>(
    session: &mut Session<'_>,
    root: &str,
    findings: &[&Finding],
    read: &dyn Fn(&Files) -> Files,
    single: &Single<'_>,
    blame: impl Fn(&Result<Vec<PlannedChange>, RunError>) -> Option<T>,
) -> Vec<(Finding, T)> {
    findings
        .iter()
        .filter_map(|finding| {
            let files = read(&single(finding));
            let result = session.changes(root, &files);
            blame(&result).map(|reason| ((*finding).clone(), reason))
        })
        .collect()
}

/// `culprits`, or every finding with `reason()` when no fix alone is at fault (the fixes
/// fail only together).
fn blame_all_if_none(
    culprits: Vec<(Finding, String)>,
    findings: &[&Finding],
    reason: impl Fn() -> String,
) -> Vec<(Finding, String)> {
    if culprits.is_empty() {
        findings.iter().map(|f| ((*f).clone(), reason())).collect()
    } else {
        culprits
    }
}
