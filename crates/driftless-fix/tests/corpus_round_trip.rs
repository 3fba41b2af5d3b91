//! The fix round trip on code nobody on the team wrote (../shared/corpus): terragoat's AWS
//! configuration and every terraform-aws-modules module. After `--fix --applicability review`
//! every file must still parse, a re-scan must show none of the fixed findings and no new one,
//! the diff must touch only the lines the fixes' edits cover, and, with Terraform at hand, a
//! file `terraform fmt -check` accepted before the fixes it still accepts.

mod common;

use common::{check_findings_after, check_refused, rescan, review_options, same_finding};
use driftless_diagnostics::{Finding, LineIndex};
use driftless_fix::fix_repository;
use std::path::{Path, PathBuf};

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        let ty = entry.file_type().unwrap();
        if ty.is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_tree(&entry.path(), &dest);
        } else if ty.is_file() {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

fn trees(corpus: &Path) -> Vec<PathBuf> {
    let mut out = vec![corpus.join("terragoat/terraform/aws")];
    let mut modules: Vec<PathBuf> = std::fs::read_dir(corpus.join("modules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    modules.sort();
    out.extend(modules);
    out
}

/// The files under `dir` that `terraform fmt -check -recursive` would change.
fn unformatted(terraform: &Path, dir: &Path) -> std::collections::BTreeSet<String> {
    let out = std::process::Command::new(terraform)
        .args(["fmt", "-check", "-recursive", "-list=true", "-no-color"])
        .arg(dir)
        .output()
        .expect("terraform runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn corpus_round_trip() {
    let Some(corpus) = driftless_testkit::corpus() else {
        return;
    };
    let terraform = driftless_testkit::terraform();
    let mut failures = Vec::new();
    let mut total_fixed = 0;
    for tree in trees(&corpus) {
        let name = tree.strip_prefix(&corpus).unwrap().display().to_string();
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&tree, dir.path());
        let unformatted_before = terraform
            .as_ref()
            .map(|t| unformatted(&t.binary, dir.path()));
        let outcome = fix_repository(dir.path(), &review_options(true), &|_| true).unwrap();
        if let (Some(t), Some(before)) = (&terraform, &unformatted_before) {
            for file in unformatted(&t.binary, dir.path()).difference(before) {
                failures.push(format!(
                    "{name}: {file} is no longer `terraform fmt`-clean after the fixes"
                ));
            }
        }
        total_fixed += outcome.fixed.len();
        check_refused(&name, &outcome, &mut failures);
        let after = rescan(dir.path());
        let before_errors: Vec<String> = outcome
            .before
            .errors
            .iter()
            .map(ToString::to_string)
            .collect();
        for e in after
            .errors
            .iter()
            .filter(|e| e.is_error() && !before_errors.contains(&e.to_string()))
        {
            failures.push(format!("{name}: after fixing: {e}"));
        }
        let fixed = |f: &Finding| outcome.fixed.iter().any(|b| same_finding(b, f));
        check_findings_after(&name, &outcome, &after, fixed, &mut failures);
        // Every line the diff removes lies under an edit of a fix that was applied.
        for (path, (before, _)) in &outcome.changed {
            let index = LineIndex::new(before);
            let edited: Vec<(u32, u32)> = outcome
                .before
                .findings
                .iter()
                .filter(|f| outcome.fixed.iter().any(|x| same_finding(x, f)))
                .filter_map(|f| f.fix.as_ref())
                .flat_map(driftless_diagnostics::Fix::edits)
                .filter(|e| &e.path == path)
                .map(|e| (index.line_of(e.range.start), index.line_of(e.range.end)))
                .collect();
            let after_text = &outcome.changed[path].1;
            for op in similar::TextDiff::from_lines(before.as_str(), after_text.as_str()).ops() {
                let old = op.old_range();
                for line in old.start..old.end {
                    let line = u32::try_from(line + 1).unwrap();
                    if !matches!(op.tag(), similar::DiffTag::Equal)
                        && !edited.iter().any(|&(a, b)| a <= line && line <= b)
                    {
                        failures.push(format!("{name}: {path}:{line} changed outside every edit"));
                    }
                }
            }
        }
    }
    assert!(total_fixed > 0, "the corpus has findings to fix");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
