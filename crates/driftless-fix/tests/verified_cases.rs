//! Configurations where a naive fix breaks `terraform plan` (issue 10): each folder of
//! `tests/verify_cases/` is a small repository whose first comment says what a naive fix
//! breaks. Some no longer break even without verification (driftless's own fix avoids it: the
//! dynamic block's input, both EKS endpoints); they stay as regression cases. The test needs
//! at least one case that the naive fix still breaks. Each is checked with the real Terraform
//! and AWS provider, offline:
//!
//! - every root module of the unpatched configuration validates and plans;
//! - fixed without verification (`--fix --applicability review --no-verify`), what each root
//!   module then does is recorded: the case's ground truth;
//! - fixed with verification (`--fix --applicability review --verify`, written), every fixed
//!   finding is verified `planned`, every root module of the written tree plans, and when the
//!   naive fix broke a root module, at least one fix is refused.
//!
//! The naive diff, what Terraform said about it, and what the verified fix fixed and refused
//! (with Terraform's reasons) are pinned in `snapshots/verified_cases__<case>.snap`.
//! Without Terraform or the provider mirror the test says so in one line and passes
//! (`driftless_testkit::terraform()`).

use driftless_diagnostics::{Applicability, Verification};
use driftless_fix::{FixOptions, FixOutcome, Verifier, Verify, fix_repository, unified_diff};
use driftless_hcl::LoadOptions;
use driftless_rules::Selection;
use driftless_rules::fixtures::files_under;
use driftless_terraform::{Against, ProviderMirror, RunError, Runner, Terraform};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The case folders, sorted.
fn case_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/verify_cases");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// A copy of the case folder `case`.
fn copy(case: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in files_under(case).unwrap() {
        let dest = dir.path().join(file.strip_prefix(case).unwrap());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&file, dest).unwrap();
    }
    dir
}

fn runner(cache: &Path) -> Option<Runner> {
    let tools = driftless_testkit::terraform()?;
    Some(
        Runner::new(
            Terraform::at(&tools.binary).unwrap(),
            ProviderMirror::at(&tools.mirror),
            cache.to_path_buf(),
            Duration::from_mins(2),
        )
        .unwrap(),
    )
}

/// `--fix --applicability review` with every rule.
fn fix(dir: &Path, write: bool, verify: Verify) -> FixOutcome {
    let options = FixOptions {
        applicability: Applicability::Review,
        selection: Selection::default(),
        load: LoadOptions::default(),
        repo: String::new(),
        write,
        verify,
        states: Vec::new(),
        keep: std::collections::BTreeSet::new(),
    };
    fix_repository(dir, &options, &|_| true).unwrap()
}

/// `validate` and `plan` of root module `root` of `dir`, with the files of `patch` written
/// first.
fn plans(
    runner: &Runner,
    dir: &Path,
    root: &str,
    patch: &[(&String, &String)],
) -> Result<(), RunError> {
    let mut workspace = runner.workspace(dir, root)?;
    for (path, text) in patch {
        workspace.write_file(path, text)?;
    }
    workspace.validate()?;
    workspace.plan(Against::Empty).map(drop)
}

fn shown(root: &str) -> &str {
    if root.is_empty() { "." } else { root }
}

/// The naive fix of `dir` (nothing written): its diff and, per root module, whether the
/// patched configuration plans. `Err` when the unpatched configuration does not plan.
fn naive(runner: &Runner, dir: &Path, out: &mut String) -> Result<bool, String> {
    let outcome = fix(dir, false, Verify::No);
    out.push_str("$ driftless scan --fix --applicability review --no-verify\n");
    for (path, (before, after)) in &outcome.changed {
        out.push_str(&unified_diff(path, before, after));
    }
    let patch: Vec<(&String, &String)> = outcome
        .changed
        .iter()
        .map(|(path, (_, after))| (path, after))
        .collect();
    let mut broken = false;
    for root in &outcome.before.project.roots {
        if let Err(e) = plans(runner, dir, root, &[]) {
            return Err(format!(
                "root module {} does not plan unpatched: {e}",
                shown(root)
            ));
        }
        match plans(runner, dir, root, &patch) {
            Ok(()) => writeln!(out, "root module {}: plans", shown(root)).unwrap(),
            Err(e) => {
                broken = true;
                writeln!(out, "root module {}: {e}", shown(root)).unwrap();
            }
        }
    }
    Ok(broken)
}

/// The verified fix of `dir`, written: what was fixed and refused. Problems are pushed on
/// `failures`.
fn verified(
    runner: &Runner,
    verifier: &Arc<Verifier>,
    dir: &Path,
    naive_broke: bool,
    out: &mut String,
    failures: &mut Vec<String>,
) {
    let outcome = fix(dir, true, Verify::With(Arc::clone(verifier)));
    out.push_str("\n$ driftless scan --fix --applicability review --verify\n");
    for f in &outcome.fixed {
        let summary = f
            .fix_verification
            .as_ref()
            .map_or_else(|| "no verification".to_owned(), Verification::summary);
        writeln!(
            out,
            "fixed {} on {} (root module {}): {summary}",
            f.rule_id, f.address, f.root_module
        )
        .unwrap();
        if !f
            .fix_verification
            .as_ref()
            .is_some_and(Verification::is_planned)
        {
            failures.push(format!(
                "{} on {} is fixed without a plan",
                f.rule_id, f.address
            ));
        }
    }
    for r in &outcome.refused {
        writeln!(
            out,
            "refused {} on {} (root module {}): {}",
            r.finding.rule_id, r.finding.address, r.finding.root_module, r.reason
        )
        .unwrap();
    }
    if naive_broke && outcome.refused.is_empty() {
        failures.push("the naive fix breaks a root module, yet no fix is refused".to_owned());
    }
    for root in &outcome.after.project.roots {
        if let Err(e) = plans(runner, dir, root, &[]) {
            failures.push(format!(
                "root module {} does not plan after the verified fix: {e}",
                shown(root)
            ));
        }
    }
}

#[test]
fn a_verified_fix_plans_where_a_naive_fix_breaks() {
    let cache = tempfile::tempdir().unwrap();
    let (Some(verifying), Some(planner)) = (runner(cache.path()), runner(cache.path())) else {
        return;
    };
    let verifier = Arc::new(Verifier::new(verifying));
    let cases = case_dirs();
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    let mut broken = 0;
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let dir = copy(case);
        let mut out = String::new();
        let naive_broke = match naive(&planner, dir.path(), &mut out) {
            Ok(b) => b,
            Err(why) => {
                failures.push(format!("{name}: {why}"));
                continue;
            }
        };
        broken += usize::from(naive_broke);
        let mut problems = Vec::new();
        verified(
            &planner,
            &verifier,
            dir.path(),
            naive_broke,
            &mut out,
            &mut problems,
        );
        failures.extend(problems.into_iter().map(|p| format!("{name}: {p}")));
        insta::assert_snapshot!(name, out);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        broken > 0,
        "no case is broken by a naive fix any more: the cases test nothing"
    );
}
