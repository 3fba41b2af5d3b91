//! Every rule fixture is valid Terraform: each root module of each case, `good_*` and `bad_*`,
//! validates and plans (against no state) with the real Terraform and AWS provider, offline
//! (`driftless_testkit::terraform()`: skipped in one line without them, a failure under
//! `DRIFTLESS_REQUIRE_TERRAFORM=1`).
//!
//! A case that cannot plan for a reason that is not a bug of the fixture is listed in
//! `driftless_rules::fixtures::CANNOT_PLAN` with that reason; the test fails when a
//! listed case plans, or fails for another reason, so the list stays true. A case's
//! `plan.tfvars` gives values to its root module's variables that have none.
//!
//! `DRIFTLESS_FIXTURES=aws/s3/,imdsv2` runs only the cases whose name holds one of the
//! comma-separated parts.

use driftless_hcl::{LoadOptions, Project};
use driftless_rules::fixtures::{CANNOT_PLAN, Case, CannotPlan, cannot_plan, cases};
use driftless_terraform::{Against, RunError, Runner, RunnerOptions, Stage};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Whether `error` is what `reason` makes Terraform or the runner say.
fn explains(reason: CannotPlan, error: &RunError) -> bool {
    match reason {
        CannotPlan::RegistryModule => matches!(error, RunError::RemoteModule { .. }),
        CannotPlan::NewerProvider => matches!(
            error,
            RunError::Rejected {
                stage: Stage::Validate,
                ..
            }
        ),
        CannotPlan::RejectedValue => matches!(
            error,
            RunError::Rejected {
                stage: Stage::Validate | Stage::Plan,
                ..
            }
        ),
    }
}

/// Where a case's plan values go in the copy Terraform plans: a file it loads by itself.
const PLAN_VALUES: &str = "driftless_plan_values.auto.tfvars";

/// The cases `DRIFTLESS_FIXTURES` selects (all when it is unset or empty).
fn selected(cases: Vec<Case>) -> Vec<Case> {
    let filter = std::env::var("DRIFTLESS_FIXTURES").unwrap_or_default();
    let parts: Vec<&str> = filter.split(',').filter(|p| !p.is_empty()).collect();
    let cases: Vec<Case> = cases
        .into_iter()
        .filter(|c| parts.is_empty() || parts.iter().any(|p| c.name().contains(p)))
        .collect();
    assert!(!cases.is_empty(), "DRIFTLESS_FIXTURES={filter} selects no case");
    cases
}

/// How many cases plan at once: the machines running the tests have two cores.
const THREADS: usize = 2;

/// What Terraform said about one root module of a case.
struct Outcome {
    case: String,
    root: String,
    result: Result<(), RunError>,
}

/// The root modules of a case copied to `dir`, as driftless finds them.
fn roots(dir: &std::path::Path) -> Vec<String> {
    Project::load(dir, &LoadOptions::default()).roots
}

/// `validate` and `plan` of every root module of `case`.
fn plan_case(runner: &Runner, case: &Case) -> Vec<Outcome> {
    let dir = tempfile::tempdir().unwrap();
    case.copy_to(dir.path()).unwrap();
    roots(dir.path())
        .into_iter()
        .map(|root| {
            let result = runner.workspace(dir.path(), &root).and_then(|mut w| {
                if let (true, Some(values)) = (root.is_empty(), case.plan_values().unwrap()) {
                    w.write_file(PLAN_VALUES, &values)?;
                }
                w.validate()?;
                w.plan(Against::Empty).map(drop)
            });
            Outcome {
                case: case.name(),
                root,
                result,
            }
        })
        .collect()
}

#[test]
fn every_fixture_validates_and_plans() {
    let Some(tools) = driftless_testkit::terraform() else {
        return;
    };
    let runner = Runner::discover(&RunnerOptions {
        terraform: Some(tools.binary),
        mirror: Some(tools.mirror),
        ..RunnerOptions::default()
    })
    .unwrap();
    let cases = selected(cases().unwrap());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(THREADS)
        .build()
        .unwrap();
    let outcomes: Vec<Outcome> = pool.install(|| {
        cases
            .par_iter()
            .flat_map_iter(|case| plan_case(&runner, case))
            .collect()
    });
    let mut failures = Vec::new();
    let mut failed_cases = BTreeSet::new();
    for o in &outcomes {
        let at = if o.root.is_empty() {
            o.case.clone()
        } else {
            format!("{} (root module {})", o.case, o.root)
        };
        match (&o.result, cannot_plan(&o.case)) {
            (Ok(()), _) => {}
            (Err(e), Some((_, reason, _))) if explains(*reason, e) => {
                failed_cases.insert(o.case.as_str());
            }
            (Err(e), Some(reason)) => {
                failures.push(format!("{at}: listed as {reason:?}, but: {e}"));
            }
            (Err(e), None) => failures.push(format!("{at}: {e}")),
        }
    }
    let names: BTreeSet<String> = cases.iter().map(Case::name).collect();
    for (case, reason, _) in CANNOT_PLAN {
        if names.contains(*case) && !failed_cases.contains(case) {
            failures.push(format!(
                "{case}: listed in CANNOT_PLAN ({reason:?}) but every root module plans: remove it"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} root modules of {} cases do not validate and plan:\n{}",
        failures.len(),
        outcomes.len(),
        cases.len(),
        failures.join("\n")
    );
}
