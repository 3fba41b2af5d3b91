//! The checks both fix round trips make: on the catalog's bad fixtures (`round_trip.rs`) and
//! on the public corpus (`corpus_round_trip.rs`). Each writes what went wrong to `failures`,
//! one line per problem starting with the tree's `name`.

use driftless_diagnostics::{Applicability, Finding};
use driftless_fix::{FixOptions, FixOutcome};
use driftless_hcl::LoadOptions;
use driftless_rules::{Scan, Selection, scan_path};
use std::path::Path;

/// `--fix --applicability review` with every rule (`write: false` is `--diff`).
pub(crate) fn review_options(write: bool) -> FixOptions {
    FixOptions {
        applicability: Applicability::Review,
        selection: Selection::default(),
        load: LoadOptions::default(),
        repo: String::new(),
        write,
        verify: driftless_fix::Verify::No,
        states: Vec::new(),
        keep: std::collections::BTreeSet::new(),
    }
}

/// The tree at `dir` scanned again after the fixes, with every rule.
pub(crate) fn rescan(dir: &Path) -> Scan {
    scan_path(dir, &LoadOptions::default(), &Selection::default(), "")
}

/// Whether `a` and `b` are the same finding: the same rule on the same fingerprint.
pub(crate) fn same_finding(a: &Finding, b: &Finding) -> bool {
    a.fingerprint == b.fingerprint && a.rule_id == b.rule_id
}

/// Every fix the engine refused.
pub(crate) fn check_refused(name: &str, outcome: &FixOutcome, failures: &mut Vec<String>) {
    for r in &outcome.refused {
        failures.push(format!(
            "{name}: fix of {} on {} refused: {}",
            r.finding.rule_id, r.finding.address, r.reason
        ));
    }
}

/// Every unsuppressed finding of `after` (the re-scan) that still fires although
/// `was_fixed` says a fix was applied to it, and every one the scan before the fixes did not
/// have.
pub(crate) fn check_findings_after(
    name: &str,
    outcome: &FixOutcome,
    after: &Scan,
    was_fixed: impl Fn(&Finding) -> bool,
    failures: &mut Vec<String>,
) {
    for f in after.findings.iter().filter(|f| f.suppressed.is_none()) {
        let existed = outcome.before.findings.iter().any(|b| same_finding(b, f));
        if was_fixed(f) {
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
}
