//! Runs every rule over its fixture folder: each `bad_*`/`good_*` case (a file, or a folder
//! scanned as a repository) must give exactly the findings its `# expect: <rule-id>` markers
//! name, on those lines, and nothing else for that rule.

use driftless_hcl::LoadOptions;
use driftless_rules::fixtures::{CANNOT_PLAN, Case, cases, expectations};
use driftless_rules::{Selection, all_rules, rules_dir, scan_path};
use std::collections::BTreeSet;

#[test]
fn every_fixture_gives_exactly_its_expected_findings() {
    let cases = cases().unwrap();
    assert!(
        !cases.is_empty(),
        "no fixture found under {}",
        rules_dir().display()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let dir = tempfile::tempdir().unwrap();
        case.copy_to(dir.path()).unwrap();
        let selection = Selection {
            select: vec![case.rule_id.clone()],
            ..Selection::default()
        };
        let scan = scan_path(dir.path(), &LoadOptions::default(), &selection, "");
        let errors: Vec<String> = scan
            .errors
            .iter()
            .filter(|e| e.is_error())
            .map(ToString::to_string)
            .collect();
        let got: BTreeSet<(String, u32, String)> = scan
            .findings
            .iter()
            .filter(|f| f.suppressed.is_none())
            .map(|f| {
                (
                    f.location.path.clone(),
                    f.location.start.line,
                    f.rule_id.to_string(),
                )
            })
            .collect();
        let want: BTreeSet<_> = expectations(dir.path())
            .unwrap()
            .into_iter()
            .filter(|(_, _, r)| *r == case.rule_id)
            .collect();
        let name = case.name();
        if !errors.is_empty() {
            failures.push(format!("{name}: input errors {errors:?}"));
        }
        if got != want {
            failures.push(format!("{name}:\n  expected {want:?}\n  got      {got:?}"));
        }
        if name.contains("good_suppressed") && !scan.findings.iter().any(|f| f.suppressed.is_some())
        {
            failures.push(format!("{name}: a suppression fixture suppressed nothing"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_bad_and_good_fixtures() {
    let cases = cases().unwrap();
    for rule in all_rules() {
        let id = rule.meta().id.as_str();
        let mine: Vec<_> = cases.iter().filter(|c| c.rule_id == id).collect();
        assert!(mine.iter().any(|c| c.is_bad()), "{id} has no bad_* fixture");
        assert!(
            mine.iter().any(|c| !c.is_bad()),
            "{id} has no good_* fixture"
        );
    }
}

#[test]
fn every_case_listed_as_unable_to_plan_exists() {
    let names: BTreeSet<String> = cases().unwrap().iter().map(Case::name).collect();
    let missing: Vec<&str> = CANNOT_PLAN
        .iter()
        .map(|(case, _, _)| *case)
        .filter(|case| !names.contains(*case))
        .collect();
    assert!(
        missing.is_empty(),
        "CANNOT_PLAN lists cases that do not exist: {missing:?}"
    );
}
