//! Every id a rule lists (its own id, its cross-reference ids and the ids it is suppressed by)
//! silences the rule in every inline syntax that can carry that id, on the rule's own
//! `bad_*` fixture: Checkov ids in `checkov:skip=` inside the block, AVD ids and tfsec or
//! Trivy long ids in `tfsec:ignore:` and `trivy:ignore:` above it, Terrascan ids in
//! `#ts:skip=` inside it, and the rule id in `driftless:ignore` above it. KICS, Prowler and
//! Security Hub ids have no inline syntax (`kics-scan ignore-line`/`ignore-block` name no
//! query), so they are not tried.

use driftless_diagnostics::{Finding, SuppressionSource};
use driftless_hcl::LoadOptions;
use driftless_rules::fixtures::cases;
use driftless_rules::{Selection, all_rules, scan_path};
use std::path::Path;

/// Scans the folder `dir` with `rule` alone.
fn scan(dir: &Path, rule: &str) -> Vec<Finding> {
    let selection = Selection {
        select: vec![rule.to_owned()],
        ..Selection::default()
    };
    let scan = scan_path(dir, &LoadOptions::default(), &selection, "");
    assert!(
        scan.errors.iter().all(|e| !e.is_error()),
        "{rule}: {:?}",
        scan.errors
    );
    scan.findings
}

/// Where a comment goes: on its own line above the block's header, or on a line of its own
/// right after the header, inside the block.
#[derive(Clone, Copy)]
enum Place {
    Above,
    Inside,
}

/// The syntaxes that can carry `id`, a rule's id (`own`) or one of its other ids, each with
/// where the comment goes and the source it must be reported with.
fn syntaxes(id: &str, own: bool) -> Vec<(String, Place, SuppressionSource)> {
    if own {
        return vec![(
            format!("# driftless:ignore {id} reason=\"every syntax\""),
            Place::Above,
            SuppressionSource::Driftless,
        )];
    }
    if id.starts_with("CKV") {
        return vec![(
            format!("# checkov:skip={id}:every syntax"),
            Place::Inside,
            SuppressionSource::Checkov,
        )];
    }
    // Terrascan: `AC_AWS_0207` ids and their dotted or dashed reference ids.
    if id.starts_with("AC_") || id.starts_with("AC-") || id.contains('.') {
        return vec![(
            format!("#ts:skip={id} every syntax"),
            Place::Inside,
            SuppressionSource::Terrascan,
        )];
    }
    vec![
        (
            format!("#tfsec:ignore:{id} every syntax"),
            Place::Above,
            SuppressionSource::Tfsec,
        ),
        (
            format!("# trivy:ignore:{id}"),
            Place::Above,
            SuppressionSource::Trivy,
        ),
    ]
}

/// `text` with `comment` inserted for every block that starts on one of `headers` (1-based
/// header lines).
fn insert(text: &str, headers: &[u32], comment: &str, place: Place) -> String {
    let mut out = String::with_capacity(text.len() + headers.len() * (comment.len() + 1));
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let n = u32::try_from(i + 1).unwrap();
        let header = headers.contains(&n);
        if header && matches!(place, Place::Above) {
            out.push_str(comment);
            out.push('\n');
        }
        out.push_str(line);
        if header && matches!(place, Place::Inside) {
            if !line.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(comment);
            out.push('\n');
        }
    }
    out
}

#[test]
fn every_listed_id_suppresses_its_rule_in_every_syntax_that_carries_it() {
    let cases = cases().unwrap();
    let mut tried = 0;
    let mut failures = Vec::new();
    for rule in all_rules() {
        let m = rule.meta();
        let id = m.id.as_str();
        // The rule's first single-file `bad_*` case whose findings all sit in blocks of more
        // than one line, so that a comment can go inside each.
        let chosen = cases
            .iter()
            .filter(|c| c.rule_id == id && c.is_bad() && c.path.is_file())
            .find_map(|c| {
                let dir = tempfile::tempdir().unwrap();
                c.copy_to(dir.path()).unwrap();
                let findings = scan(dir.path(), id);
                let file = c.path.file_name().unwrap().to_string_lossy().into_owned();
                let usable = !findings.is_empty()
                    && findings.iter().all(|f| {
                        f.block.path == file
                            && f.block.end.line > f.block.start.line
                            && f.call_chain.is_empty()
                    });
                usable.then(|| (c.clone(), file, findings))
            });
        let Some((case, file, findings)) = chosen else {
            failures.push(format!(
                "{id}: no single-file bad case with multi-line blocks"
            ));
            continue;
        };
        let text = std::fs::read_to_string(&case.path).unwrap();
        let mut headers: Vec<u32> = findings.iter().map(|f| f.block.start.line).collect();
        headers.sort_unstable();
        headers.dedup();
        let ids = std::iter::once((id, true)).chain(
            m.cross_refs
                .iter()
                .filter(|(tool, _)| matches!(*tool, "checkov" | "trivy" | "terrascan"))
                .map(|(_, x)| x)
                .chain(m.suppressed_by.iter().copied())
                .filter(|x| !is_kics(x))
                .map(|x| (x, false)),
        );
        for (x, own) in ids {
            for (comment, place, source) in syntaxes(x, own) {
                tried += 1;
                let dir = tempfile::tempdir().unwrap();
                std::fs::write(
                    dir.path().join(&file),
                    insert(&text, &headers, &comment, place),
                )
                .unwrap();
                let after = scan(dir.path(), id);
                let wrong: Vec<String> = after
                    .iter()
                    .filter(|f| f.suppressed.as_ref().map(|s| s.source) != Some(source))
                    .map(|f| {
                        format!(
                            "{}:{} ({:?})",
                            f.address,
                            f.location.start.line,
                            f.suppressed.as_ref().map(|s| s.source)
                        )
                    })
                    .collect();
                if after.len() != findings.len() || !wrong.is_empty() {
                    failures.push(format!(
                        "{id} in {}: `{comment}` left {wrong:?} ({} findings before, {} after)",
                        case.name(),
                        findings.len(),
                        after.len()
                    ));
                }
            }
        }
    }
    assert!(tried > 100, "only {tried} suppressions tried");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// KICS query ids are UUIDs.
fn is_kics(id: &str) -> bool {
    id.len() >= 32 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}
