//! Runs every rule over its fixture folder: each `bad_*`/`good_*` case (a file, or a folder
//! scanned as a repository) must give exactly the findings its `# expect: <rule-id>` markers
//! name, on those lines, and nothing else for that rule.

use driftless_rules::{Selection, all_rules, rules_dir, scan_path};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// `(case, rule folder, rule id)` for every fixture case of every rule.
fn cases() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![rules_dir()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if !path.is_dir() {
                continue;
            }
            let rs = path.with_extension("rs");
            if rs.is_file() {
                let id = rule_id_of(&rs);
                for case in std::fs::read_dir(&path).unwrap() {
                    let case = case.unwrap().path();
                    let name = case.file_name().unwrap().to_string_lossy().into_owned();
                    if name.starts_with("bad_") || name.starts_with("good_") {
                        out.push((case, id.clone()));
                    }
                }
            } else {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

fn rule_id_of(rs: &Path) -> String {
    let text = std::fs::read_to_string(rs).unwrap();
    let at = text.find("id: \"").expect("rule file declares an id");
    text[at + 5..].split('"').next().unwrap().to_owned()
}

fn copy_case(case: &Path, into: &Path) {
    if case.is_file() {
        std::fs::copy(case, into.join(case.file_name().unwrap())).unwrap();
        return;
    }
    for entry in walk(case) {
        let rel = entry.strip_prefix(case).unwrap();
        let dest = into.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&entry, dest).unwrap();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path))
        } else {
            out.push(path)
        }
    }
    out
}

/// `(path, line, rule)` of every `# expect:` marker in the case.
fn expectations(root: &Path) -> BTreeSet<(String, u32, String)> {
    let mut out = BTreeSet::new();
    for file in walk(root) {
        let rel = file
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            if let Some(at) = line.find("expect:") {
                for id in line[at + 7..].split([',', ' ']).filter(|s| !s.is_empty()) {
                    out.insert((rel.clone(), u32::try_from(i + 1).unwrap(), id.to_owned()));
                }
            }
        }
    }
    out
}

#[test]
fn every_fixture_gives_exactly_its_expected_findings() {
    let cases = cases();
    assert!(
        !cases.is_empty(),
        "no fixture found under {}",
        rules_dir().display()
    );
    let mut failures = Vec::new();
    for (case, id) in &cases {
        let dir = tempfile::tempdir().unwrap();
        copy_case(case, dir.path());
        let selection = Selection {
            select: vec![id.clone()],
            ..Selection::default()
        };
        let scan = scan_path(dir.path(), &Default::default(), &selection, "");
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
            .into_iter()
            .filter(|(_, _, r)| r == id)
            .collect();
        let name = case
            .strip_prefix(rules_dir())
            .unwrap()
            .display()
            .to_string();
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
    let cases = cases();
    for rule in all_rules() {
        let id = rule.meta().id.as_str();
        let names: Vec<String> = cases
            .iter()
            .filter(|(_, r)| r == id)
            .map(|(c, _)| c.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("bad_")),
            "{id} has no bad_* fixture"
        );
        assert!(
            names.iter().any(|n| n.starts_with("good_")),
            "{id} has no good_* fixture"
        );
    }
}
