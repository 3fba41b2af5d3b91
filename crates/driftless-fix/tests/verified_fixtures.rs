//! Every rule's `bad_*` fixtures, fixed as `driftless scan --fix --applicability review
//! --verify` fixes it (every rule, fixes written), still plans with the real Terraform and AWS
//! provider, and every fixed finding carries what the plan does. The test prints, case by
//! case, each fix's verification and each refusal with Terraform's reason (`--nocapture`).
//!
//! Checked, with a message naming the case:
//! - the fixed configuration plans: every fixed finding is verified `planned` (the
//!   verification plans the configuration with every fix that is kept, so a fix whose
//!   configuration fails is refused, never fixed);
//! - a fixed finding's verification is `planned`, unless its case cannot be planned unfixed
//!   (listed in `driftless_rules::fixtures::CANNOT_PLAN` with the reason: a registry module,
//!   provider 6, a value the provider rejects; the test fails when a listed case plans);
//! - a fix that declares a replacement ([`driftless_diagnostics::Fix::replacing`]) is planned
//!   as one: its note's claim is Terraform's.
//!
//! Without Terraform or the provider mirror the test says so in one line and passes; under
//! `DRIFTLESS_REQUIRE_TERRAFORM=1` (CI) it fails instead. A case costs about 15 seconds of a
//! 2-core machine (init, the unfixed plan and its prior state, the fixed plan, each plan with
//! `show -json`), so the test checks the first `bad_*` case of each rule and one in
//! [`SAMPLE`] after it (about 100 of 262, 12 minutes); `DRIFTLESS_FIXTURE_SAMPLE=1` checks
//! every case.

use driftless_diagnostics::{Applicability, Finding, PlanAction, Verification};
use driftless_fix::{FixOptions, Verifier, Verify, fix_repository};
use driftless_hcl::LoadOptions;
use driftless_rules::Selection;
use driftless_rules::fixtures::{Case, cannot_plan, cases};
use driftless_terraform::{ProviderMirror, Runner, Terraform};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

fn runner(cache: &Path) -> Option<Runner> {
    let tools = driftless_testkit::terraform()?;
    let terraform = Terraform::at(&tools.binary).unwrap();
    Some(
        Runner::new(
            terraform,
            ProviderMirror::at(&tools.mirror),
            cache.to_path_buf(),
            Duration::from_mins(2),
        )
        .unwrap(),
    )
}

/// What one case came to: what is wrong with it.
struct Checked {
    failures: Vec<String>,
}

fn check(case: &Case, verifier: &Arc<Verifier>) -> Checked {
    let name = case.name();
    let offline = cannot_plan(&name).is_none();
    let dir = tempfile::tempdir().unwrap();
    case.copy_to(dir.path()).unwrap();
    let options = FixOptions {
        applicability: Applicability::Review,
        selection: Selection::default(),
        load: LoadOptions::default(),
        repo: String::new(),
        write: true,
        verify: Verify::With(verifier.clone()),
        states: Vec::new(),
        keep: std::collections::BTreeSet::new(),
    };
    let outcome = fix_repository(dir.path(), &options, &|_| true).unwrap();
    let mut lines = format!("{name}\n");
    let mut failures = Vec::new();
    for f in &outcome.fixed {
        let summary = f
            .fix_verification
            .as_ref()
            .map_or_else(|| "no verification".to_owned(), Verification::summary);
        writeln!(lines, "  fixed {} on {}: {summary}", f.rule_id, f.address).unwrap();
        failures.extend(problems(&name, f, offline));
    }
    for r in &outcome.refused {
        writeln!(
            lines,
            "  refused {} on {}: {}",
            r.finding.rule_id, r.finding.address, r.reason
        )
        .unwrap();
    }
    if !offline
        && outcome.fixed.iter().any(|f| {
            f.fix_verification
                .as_ref()
                .is_some_and(Verification::is_planned)
        })
    {
        failures.push(format!(
            "{name} is listed in CANNOT_PLAN but planned: take it off the list"
        ));
    }
    // Progress on standard error (`--nocapture` shows it): the whole run takes minutes.
    eprint!("{lines}");
    Checked { failures }
}

/// What is wrong with the verification of a fixed finding.
fn problems(case: &str, f: &Finding, offline: bool) -> Vec<String> {
    let mut out = Vec::new();
    let at = format!("{case}: {} on {}", f.rule_id, f.address);
    match &f.fix_verification {
        Some(Verification::Planned { changes, .. }) => {
            let declares = f
                .fix
                .as_ref()
                .is_some_and(driftless_diagnostics::Fix::declares_replacement);
            let replaces = changes.iter().any(|c| {
                matches!(c.action, PlanAction::Replace(_))
                    && (c.address == f.address || f.instances.contains(&c.address))
            });
            if declares && !replaces {
                out.push(format!(
                    "{at}: the fix declares a replacement, but Terraform plans {}",
                    f.fix_verification
                        .as_ref()
                        .map(Verification::summary)
                        .unwrap_or_default()
                ));
            }
        }
        Some(Verification::Skipped { reason }) if offline => {
            out.push(format!("{at}: not verified: {reason}"));
        }
        Some(Verification::Skipped { .. }) => {}
        None => out.push(format!("{at}: a fixed finding without a verification")),
    }
    out
}

/// One `bad_*` case in this many of each rule is checked (the first of each rule always),
/// unless `DRIFTLESS_FIXTURE_SAMPLE` says otherwise (`1`: every case).
const SAMPLE: usize = 3;

/// The cases checked: of each rule's `bad_*` cases, sorted, the first and every
/// [`SAMPLE`]th after it.
fn sampled(cases: Vec<Case>) -> Vec<Case> {
    let every = std::env::var("DRIFTLESS_FIXTURE_SAMPLE")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(SAMPLE);
    let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    cases
        .into_iter()
        .filter(|case| {
            let name = case.name();
            let rule = name
                .rsplit_once('/')
                .map_or(name.as_str(), |(r, _)| r)
                .to_owned();
            let n = seen.entry(rule).or_default();
            *n += 1;
            (*n - 1).is_multiple_of(every)
        })
        .collect()
}

#[test]
fn every_bad_fixture_plans_after_a_verified_fix() {
    let cache = tempfile::tempdir().unwrap();
    let Some(runner) = runner(cache.path()) else {
        return;
    };
    let verifier = Arc::new(Verifier::new(runner));
    let cases = sampled(cases().unwrap().into_iter().filter(Case::is_bad).collect());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let checked: Vec<Checked> =
        pool.install(|| cases.par_iter().map(|c| check(c, &verifier)).collect());
    let failures: Vec<&String> = checked.iter().flat_map(|c| &c.failures).collect();
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
