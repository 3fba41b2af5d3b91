//! The fix round trip on real trees: every `bad_*` fixture of the catalog is fixed with
//! `--applicability review`, and the result must parse, show none of the fixed findings and
//! no new one; line endings survive.

use driftless_diagnostics::Applicability;
use driftless_fix::{FixOptions, fix_repository};
use driftless_hcl::LoadOptions;
use driftless_rules::fixtures::cases;
use driftless_rules::{Selection, scan_path};

fn options(write: bool) -> FixOptions {
    FixOptions {
        applicability: Applicability::Review,
        selection: Selection::default(),
        load: LoadOptions::default(),
        repo: String::new(),
        write,
    }
}

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
        let outcome = fix_repository(dir.path(), &options(true), &|_| true).unwrap();
        for r in &outcome.refused {
            failures.push(format!(
                "{name}: fix of {} on {} refused: {}",
                r.finding.rule_id, r.finding.address, r.reason
            ));
        }
        let after = scan_path(
            dir.path(),
            &LoadOptions::default(),
            &Selection::default(),
            "",
        );
        for e in after.errors.iter().filter(|e| e.is_error()) {
            failures.push(format!("{name}: after fixing: {e}"));
        }
        for f in after.findings.iter().filter(|f| f.suppressed.is_none()) {
            let had_fix = outcome.before.findings.iter().any(|b| {
                b.fingerprint == f.fingerprint
                    && b.rule_id == f.rule_id
                    && b.fix
                        .as_ref()
                        .is_some_and(|x| x.applies(Applicability::Review))
            });
            let existed = outcome
                .before
                .findings
                .iter()
                .any(|b| b.fingerprint == f.fingerprint && b.rule_id == f.rule_id);
            if had_fix {
                failures.push(format!(
                    "{name}: {} on {} still fires after its fix",
                    f.rule_id, f.address
                ));
            } else if !existed {
                failures.push(format!(
                    "{name}: the fixes added {} on {} at {}",
                    f.rule_id, f.address, f.location
                ));
            }
        }
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
        ..options(write)
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
        ..options(true)
    };
    let outcome = fix_repository(dir.path(), &options, &|_| true).unwrap();
    assert!(outcome.fixed.is_empty());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        text
    );
}
