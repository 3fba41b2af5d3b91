//! A file `terraform fmt` leaves alone before a fix, it leaves alone after: every `bad_*` rule
//! fixture (and the regression cases below) fixed with `--fix --applicability review`, checked
//! with the real `terraform fmt -check`. The corpus round trip checks the same on code nobody
//! on the team wrote (`corpus_round_trip.rs`).
//!
//! Needs Terraform (or OpenTofu): without it, each test says in one line that it was skipped,
//! and `DRIFTLESS_REQUIRE_TERRAFORM=1` makes that a failure.

use driftless_diagnostics::Applicability;
use driftless_fix::{FixOptions, Verify, fix_repository};
use driftless_hcl::LoadOptions;
use driftless_rules::Selection;
use driftless_rules::fixtures::{Case, cases};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// `--fix --applicability review` with every rule, not verified.
fn review_options() -> FixOptions {
    FixOptions {
        applicability: Applicability::Review,
        selection: Selection::default(),
        load: LoadOptions::default(),
        repo: String::new(),
        write: true,
        verify: Verify::No,
        states: Vec::new(),
        keep: std::collections::BTreeSet::new(),
    }
}

/// The files under `dir` that `terraform fmt -check -recursive` would change.
fn unformatted(terraform: &Path, dir: &Path) -> BTreeSet<String> {
    let out = Command::new(terraform)
        .args(["fmt", "-check", "-recursive", "-list=true", "-no-color"])
        .arg(dir)
        .output()
        .expect("terraform runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            Path::new(l)
                .strip_prefix(dir)
                .unwrap_or(Path::new(l))
                .display()
                .to_string()
        })
        .collect()
}

/// What `terraform fmt` would change in `file` under `dir`, as its diff.
fn fmt_diff(terraform: &Path, dir: &Path, file: &str) -> String {
    let out = Command::new(terraform)
        .args(["fmt", "-diff", "-check", "-no-color"])
        .arg(dir.join(file))
        .output()
        .expect("terraform runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Fixes `dir` with every rule and returns the files that were `terraform fmt`-clean before
/// and are not after, each with fmt's diff.
fn broken_by_fixes(terraform: &Path, dir: &Path) -> Vec<String> {
    let before = unformatted(terraform, dir);
    fix_repository(dir, &review_options(), &|_| true).unwrap();
    unformatted(terraform, dir)
        .difference(&before)
        .map(|f| format!("{f}:\n{}", fmt_diff(terraform, dir, f)))
        .collect()
}

#[test]
fn every_fixed_fixture_stays_terraform_fmt_clean() {
    let Some(tools) = driftless_testkit::terraform() else {
        return;
    };
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in cases().unwrap().into_iter().filter(Case::is_bad) {
        let dir = tempfile::tempdir().unwrap();
        case.copy_to(dir.path()).unwrap();
        checked += 1;
        for broken in broken_by_fixes(&tools.binary, dir.path()) {
            failures.push(format!("{}: {broken}", case.name()));
        }
    }
    assert!(checked > 200, "only {checked} fixtures");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Writes `files` into a new folder, fixes it, and returns the folder.
fn fixed(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        std::fs::write(dir.path().join(path), text).unwrap();
    }
    fix_repository(dir.path(), &review_options(), &|_| true).unwrap();
    dir
}

/// Regressions from issue "Fidelity" (item 5): each was `terraform fmt`-clean before its fix
/// and not after.
#[test]
fn attributes_join_the_aligned_run_they_belong_to() {
    let Some(tools) = driftless_testkit::terraform() else {
        return;
    };
    let cases = [
        // An attribute added after a heredoc: the heredoc's line is in the run.
        (
            "heredoc",
            "resource \"aws_kms_key\" \"k\" {\n  description = \"k\"\n  policy      = <<EOF\n{}\nEOF\n}\n",
            "resource \"aws_kms_key\" \"k\" {\n  description         = \"k\"\n  policy              = <<EOF\n{}\nEOF\n  enable_key_rotation = true\n}\n",
        ),
        // A one-line block expanded to take a second attribute.
        (
            "one-line block",
            "resource \"aws_instance\" \"web\" {\n  ami           = \"ami-0123456789abcdef0\"\n  instance_type = \"t3.micro\"\n\n  metadata_options { http_endpoint = \"enabled\" }\n\n  root_block_device {\n    encrypted = true\n  }\n}\n",
            "resource \"aws_instance\" \"web\" {\n  ami           = \"ami-0123456789abcdef0\"\n  instance_type = \"t3.micro\"\n\n  metadata_options {\n    http_endpoint = \"enabled\"\n    http_tokens   = \"required\"\n  }\n\n  root_block_device {\n    encrypted = true\n  }\n}\n",
        ),
        // A longer key joins the run instead of standing apart after a blank line.
        (
            "longer key",
            "resource \"aws_lb\" \"app\" {\n  name    = \"app\"\n  subnets = [\"subnet-0123456789abcdef0\", \"subnet-0fedcba9876543210\"]\n}\n",
            "resource \"aws_lb\" \"app\" {\n  name                       = \"app\"\n  subnets                    = [\"subnet-0123456789abcdef0\", \"subnet-0fedcba9876543210\"]\n  drop_invalid_header_fields = true\n}\n",
        ),
    ];
    for (name, before, after) in cases {
        let dir = fixed(&[("main.tf", before)]);
        let text = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
        assert_eq!(text, after, "{name}");
        assert!(
            unformatted(&tools.binary, dir.path()).is_empty(),
            "{name}: {}",
            fmt_diff(&tools.binary, dir.path(), "main.tf")
        );
    }
}

/// Regression: nested lines of a block inserted into a tab-indented file were indented with
/// a tab and two spaces.
#[test]
fn a_tab_indented_file_gets_tabs() {
    let dir = fixed(&[(
        "main.tf",
        "resource \"aws_instance\" \"web\" {\n\tami           = \"ami-0123456789abcdef0\"\n\tinstance_type = \"t3.micro\"\n\n\troot_block_device {\n\t\tencrypted = true\n\t}\n}\n",
    )]);
    let text = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
    assert_eq!(
        text,
        "resource \"aws_instance\" \"web\" {\n\tami           = \"ami-0123456789abcdef0\"\n\tinstance_type = \"t3.micro\"\n\n\troot_block_device {\n\t\tencrypted = true\n\t}\n\n\tmetadata_options {\n\t\thttp_tokens = \"required\"\n\t}\n}\n"
    );
}
