//! Configurations where a fix driftless makes today breaks `terraform plan`: the ground truth
//! for verifying fixes with Terraform (issue 10). Each folder of `tests/verify_cases/` is a
//! small repository whose first comment says what breaks. The unpatched configuration
//! validates and plans offline; after `--fix --applicability review` (every rule) at least one
//! of its root modules does not. The diff and what Terraform says are pinned in
//! `snapshots/verify_cases__<case>.snap`.
//!
//! Nothing here checks verification itself: these tests keep the cases meaningful (each still
//! plans unpatched, and today's fix still breaks it). Run with the real Terraform and AWS
//! provider, offline (`driftless_testkit::terraform()`).

use driftless_diagnostics::Applicability;
use driftless_fix::{FixOptions, FixOutcome, fix_repository, unified_diff};
use driftless_hcl::LoadOptions;
use driftless_rules::Selection;
use driftless_rules::fixtures::files_under;
use driftless_terraform::{Against, RunError, Runner, RunnerOptions};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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

/// `--fix --applicability review` with every rule, nothing written.
fn fixed(dir: &Path) -> FixOutcome {
    let options = FixOptions {
        applicability: Applicability::Review,
        selection: Selection::default(),
        load: LoadOptions::default(),
        repo: String::new(),
        write: false,
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

/// What a user sees for the case: the diff, the refused fixes, and per root module whether the
/// patched configuration plans, or Terraform's error. `Err` when the case is no longer
/// meaningful.
fn check(runner: &Runner, case: &Path) -> Result<String, String> {
    let dir = copy(case);
    let outcome = fixed(dir.path());
    let mut out = String::from("$ driftless scan --fix --applicability review\n");
    for (path, (before, after)) in &outcome.changed {
        out.push_str(&unified_diff(path, before, after));
    }
    for r in &outcome.refused {
        writeln!(out, "fix refused: {} on {}: {}", r.finding.rule_id, r.finding.address, r.reason)
            .unwrap();
    }
    let patch: Vec<(&String, &String)> = outcome
        .changed
        .iter()
        .map(|(path, (_, after))| (path, after))
        .collect();
    let mut broken = false;
    for root in &outcome.before.project.roots {
        let shown = if root.is_empty() { "." } else { root };
        if let Err(e) = plans(runner, dir.path(), root, &[]) {
            return Err(format!("root module {shown} does not plan unpatched: {e}"));
        }
        match plans(runner, dir.path(), root, &patch) {
            Ok(()) => writeln!(out, "\nroot module {shown}: the patched configuration plans").unwrap(),
            Err(e) => {
                broken = true;
                writeln!(out, "\nroot module {shown}: {e}").unwrap();
            }
        }
    }
    if broken {
        Ok(out)
    } else {
        Err(format!("today's fixes no longer break it:\n{out}"))
    }
}

#[test]
fn every_case_plans_unpatched_and_fails_once_fixed() {
    let Some(tools) = driftless_testkit::terraform() else {
        return;
    };
    let runner = Runner::discover(&RunnerOptions {
        terraform: Some(tools.binary),
        mirror: Some(tools.mirror),
        ..RunnerOptions::default()
    })
    .unwrap();
    let cases = case_dirs();
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        match check(&runner, case) {
            Ok(text) => insta::assert_snapshot!(name.clone(), text),
            Err(why) => failures.push(format!("{name}: {why}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
