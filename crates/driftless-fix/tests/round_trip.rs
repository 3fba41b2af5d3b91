//! The fix round trip on real trees: every `bad_*` fixture of the catalog is fixed with
//! `--applicability review`, and the result must parse, show none of the fixed findings and
//! no new one; line endings survive.

mod common;

use common::{check_findings_after, check_refused, rescan, review_options, same_finding};
use driftless_diagnostics::{Applicability, Finding};
use driftless_fix::{FixOptions, fix_repository};
use driftless_rules::Selection;
use driftless_rules::fixtures::cases;

#[test]
fn every_bad_fixture_is_fixed_cleanly() {
    let mut failures = Vec::new();
    let cases: Vec<_> = cases()
        .unwrap()
        .into_iter()
        .filter(driftless_rules::fixtures::Case::is_bad)
        .collect();
    assert!(!cases.is_empty());
    for case in cases {
        let name = case.name();
        let dir = tempfile::tempdir().unwrap();
        case.copy_to(dir.path()).unwrap();
        let outcome = fix_repository(dir.path(), &review_options(true), &|_| true).unwrap();
        check_refused(&name, &outcome, &mut failures);
        let after = rescan(dir.path());
        for e in after.errors.iter().filter(|e| e.is_error()) {
            failures.push(format!("{name}: after fixing: {e}"));
        }
        // A finding that had a fix `--applicability review` applies must be gone.
        let had_fix = |f: &Finding| {
            outcome.before.findings.iter().any(|b| {
                same_finding(b, f)
                    && b.fix
                        .as_ref()
                        .is_some_and(|x| x.applies(Applicability::Review))
            })
        };
        check_findings_after(&name, &outcome, &after, had_fix, &mut failures);
        // A `manual` fix is shown, never applied: only fixes `--applicability review`
        // applies must have been applied.
        let applicable = outcome.before.findings.iter().any(|f| {
            f.fix
                .as_ref()
                .is_some_and(|x| x.applies(Applicability::Review))
        });
        if outcome.fixed.is_empty() && applicable {
            failures.push(format!("{name}: nothing was fixed"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_fixed_crlf_file_stays_crlf_and_a_diff_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let text = "resource \"aws_instance\" \"web\" {\r\n  ami = \"ami-0abc1234\"\r\n}\r\n";
    let path = dir.path().join("main.tf");
    std::fs::write(&path, text).unwrap();

    // One rule, so that the other rules on bare instances (volume encryption) stay out.
    let imdsv2 = |write| FixOptions {
        selection: Selection {
            select: vec!["aws-ec2-imdsv2-required".to_owned()],
            ..Selection::default()
        },
        ..review_options(write)
    };
    let dry = fix_repository(dir.path(), &imdsv2(false), &|_| true).unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "--diff must not write"
    );
    assert_eq!(dry.changed.len(), 1);

    let outcome = fix_repository(dir.path(), &imdsv2(true), &|_| true).unwrap();
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(outcome.fixed.len(), 1);
    assert_eq!(
        fixed,
        "resource \"aws_instance\" \"web\" {\r\n  ami = \"ami-0abc1234\"\r\n\r\n  metadata_options {\r\n    http_tokens = \"required\"\r\n  }\r\n}\r\n"
    );
}

#[test]
fn safe_threshold_leaves_review_fixes_alone() {
    let dir = tempfile::tempdir().unwrap();
    let text = "resource \"aws_instance\" \"web\" {\n  ami = \"ami-0abc1234\"\n}\n";
    std::fs::write(dir.path().join("main.tf"), text).unwrap();
    let options = FixOptions {
        applicability: Applicability::Safe,
        ..review_options(true)
    };
    let outcome = fix_repository(dir.path(), &options, &|_| true).unwrap();
    assert!(outcome.fixed.is_empty());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        text
    );
}
