//! Pins what every rule fixture shows a user, so that a change in a message, a recommendation,
//! a note or an edit shows up in review as a changed snapshot beside the rule's fixtures:
//! `rules/aws/<service>/<rule>/snapshots/<case>.snap` for the case `<rule>/<case>`.
//!
//! Each case is copied to a temporary folder and scanned with only its rule selected. Its
//! snapshot holds the text report of `driftless scan DIR --select RULE --show-suppressed`
//! without colour, then the diff of `driftless scan DIR --select RULE --diff --applicability
//! review` and the fixes the gate refused. A case without a finding gets one too: it pins that
//! nothing is reported.
//!
//! After a deliberate change, rewrite the snapshots with
//! `INSTA_UPDATE=always cargo test -p driftless-fix --test fixture_snapshots` (or
//! `cargo insta review`) and read the diff before committing it. A normal run (`CI=true`, or
//! `INSTA_UPDATE=no`) fails on any difference and on a missing snapshot.

use driftless_diagnostics::Applicability;
use driftless_fix::{FixOptions, fix_repository, unified_diff};
use driftless_formats::{Report, TextEmitter, to_text};
use driftless_hcl::LoadOptions;
use driftless_rules::fixtures::{Case, cases, files_under};
use driftless_rules::{Selection, rules_dir};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// The folder of a case's snapshot: `snapshots/` in its rule's fixture folder.
fn snapshot_dir(case: &Case) -> PathBuf {
    case.path
        .parent()
        .expect("a case sits in its rule's fixture folder")
        .join("snapshots")
}

/// The snapshot's name: the case's file or folder name (`bad_omitted.tf`, `bad_module`).
fn snapshot_name(case: &Case) -> String {
    case.path
        .file_name()
        .expect("a case has a name")
        .to_string_lossy()
        .into_owned()
}

/// The snapshot file of a case, as insta names it.
fn snapshot_file(case: &Case) -> PathBuf {
    snapshot_dir(case).join(format!("{}.snap", snapshot_name(case)))
}

/// What a user sees for `case`: the text report, then the diff and the refused fixes.
fn rendered(case: &Case) -> String {
    let dir = tempfile::tempdir().unwrap();
    case.copy_to(dir.path()).unwrap();
    let rule = &case.rule_id;
    let options = FixOptions {
        applicability: Applicability::Review,
        selection: Selection {
            select: vec![rule.clone()],
            ..Selection::default()
        },
        load: LoadOptions::default(),
        repo: String::new(),
        write: false,
        verify: driftless_fix::Verify::No,
        states: Vec::new(),
        keep: std::collections::BTreeSet::new(),
    };
    // `before` is the plain scan of the case: what `driftless scan` reports.
    let outcome = fix_repository(dir.path(), &options, &|_| true).unwrap();
    let scan = &outcome.before;
    let texts: BTreeMap<String, String> = scan
        .project
        .files()
        .into_iter()
        .map(|(path, file)| (path, file.text.clone()))
        .collect();
    let report = Report::new(env!("CARGO_PKG_VERSION"), &scan.findings)
        .with_errors(&scan.errors)
        .with_sources(&texts);
    let text = TextEmitter {
        show_suppressed: true,
        color: false,
    };
    let mut out = format!("$ driftless scan --select {rule} --show-suppressed\n");
    out.push_str(&to_text(&report, text));
    writeln!(
        out,
        "\n$ driftless scan --select {rule} --diff --applicability review"
    )
    .unwrap();
    let diff: String = outcome
        .changed
        .iter()
        .map(|(path, (before, after))| unified_diff(path, before, after))
        .collect();
    if diff.is_empty() {
        out.push_str("No fix to apply at this applicability.\n");
    }
    out.push_str(&diff);
    for r in &outcome.refused {
        writeln!(
            out,
            "fix refused: {} on {}: {}",
            r.finding.rule_id, r.finding.address, r.reason
        )
        .unwrap();
    }
    without_temp_paths(&out, dir.path())
}

/// `text` with the case's temporary folder written `<case>`, so no run-specific path is pinned.
fn without_temp_paths(text: &str, dir: &Path) -> String {
    let mut out = text.to_owned();
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    for path in [canonical.as_path(), dir] {
        out = out.replace(path.to_string_lossy().as_ref(), "<case>");
    }
    out
}

#[test]
fn every_fixture_matches_its_snapshot() {
    let cases = cases().unwrap();
    assert!(
        !cases.is_empty(),
        "no fixture under {}",
        rules_dir().display()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let value = rendered(case);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(snapshot_dir(case));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_input_file(&case.path);
        settings.set_omit_expression(true);
        // Run every case even when one differs, so one run shows every changed snapshot.
        let checked = catch_unwind(AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_snapshot!(snapshot_name(case), value));
        }));
        if checked.is_err() {
            failures.push(case.name());
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture snapshot(s) differ or are missing (see the diffs above; after a deliberate \
         change run `INSTA_UPDATE=always cargo test -p driftless-fix --test fixture_snapshots` \
         and review the result):\n{}",
        failures.len(),
        failures.join("\n")
    );
    // After the snapshots are checked (or written, with INSTA_UPDATE=always), in the same
    // test so that a run writing new snapshots never races this check.
    every_fixture_has_one_snapshot_and_every_snapshot_a_fixture();
}

/// Fails on a fixture without its snapshot file or a snapshot file without its fixture.
fn every_fixture_has_one_snapshot_and_every_snapshot_a_fixture() {
    let want: BTreeSet<PathBuf> = cases().unwrap().iter().map(snapshot_file).collect();
    let have: BTreeSet<PathBuf> = files_under(&rules_dir())
        .unwrap()
        .into_iter()
        .filter(|p| {
            p.extension().is_some_and(|e| e == "snap")
                && p.parent()
                    .and_then(Path::file_name)
                    .is_some_and(|d| d == "snapshots")
        })
        .collect();
    let root = rules_dir();
    let listed = |paths: std::collections::btree_set::Difference<'_, PathBuf>| {
        paths
            .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (missing, orphans) = (
        listed(want.difference(&have)),
        listed(have.difference(&want)),
    );
    assert!(
        missing.is_empty() && orphans.is_empty(),
        "fixtures without a snapshot (run the fixture_snapshots test with INSTA_UPDATE=always):\n\
         {missing}\nsnapshots without a fixture (delete them with their fixture):\n{orphans}"
    );
}
