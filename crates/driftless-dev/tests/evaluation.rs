//! Evaluation checked against Terraform (issue 10, item 5): every rule fixture case and every
//! root module of the public corpus is planned with the real Terraform and the AWS provider
//! (offline, against no state), and every value driftless's evaluator holds as Known must be
//! the value Terraform plans (`driftless_dev::evaluation` says how values are normalised and
//! what counts).
//!
//! The test fails on a disagreement `data/evaluation_exceptions.tsv` does not list with its
//! reason, on a listed one that no longer happens, on a root module whose planning fails for
//! another reason than the configuration (a time limit, an I/O error), on a rule fixture that
//! does not plan offline and is not listed with its reason in
//! `driftless_rules::fixtures::CANNOT_PLAN` (or is listed and plans), and when
//! `data/evaluation_skipped.tsv` (the root modules Terraform cannot plan offline with the AWS
//! provider alone, or rejects) is stale. It prints the agreement figures.
//!
//! Planning costs seconds of CPU a root module (the AWS provider starts for the plan and again
//! for `show -json`), so the test plans every corpus root module, every `good_*` rule fixture
//! case and one `bad_*` case in [`FIXTURE_SAMPLE`] (every third, in the sorted list; the
//! verified fixes test of driftless-fix plans every `bad_*` case): about 15 minutes of a
//! 2-core machine in all. `cargo run -p driftless-dev -- agreement` checks every case the same
//! way and gives the figures.
//!
//! Without Terraform or the provider mirror it says in one line that it was skipped
//! (`DRIFTLESS_REQUIRE_TERRAFORM=1` makes that a failure); without the corpus it compares the
//! fixtures alone (`DRIFTLESS_REQUIRE_CORPUS=1` makes that a failure).

use driftless_dev::evaluation::{
    self, Figures, SkipKind, check_exceptions, parse_exceptions, report, skipped_tsv,
};
use driftless_terraform::{ProviderMirror, Runner, Terraform};
use std::io::Write as _;
use std::time::Duration;

/// One `bad_*` rule fixture case in this many is planned.
const FIXTURE_SAMPLE: usize = 3;

#[test]
fn driftless_evaluates_what_terraform_plans() {
    let Some(tools) = driftless_testkit::terraform() else {
        return;
    };
    let corpus = driftless_testkit::corpus();
    let cache = tempfile::tempdir().unwrap();
    let runner = Runner::new(
        Terraform::at(&tools.binary).unwrap(),
        ProviderMirror::at(&tools.mirror),
        cache.path().to_path_buf(),
        Duration::from_mins(3),
    )
    .unwrap();
    // Every `good_*` case, and one `bad_*` case in FIXTURE_SAMPLE: the verified fixes test
    // (driftless-fix/tests/verified_fixtures.rs) plans every `bad_*` case already.
    let mut bad = 0;
    let mut cases: Vec<_> = evaluation::fixture_cases()
        .unwrap()
        .into_iter()
        .filter(|c| {
            let case = c.name.split(':').next().unwrap_or(&c.name);
            let is_bad = case
                .rsplit('/')
                .next()
                .is_some_and(|n| n.starts_with("bad_"));
            bad += usize::from(is_bad);
            !is_bad || (bad - 1).is_multiple_of(FIXTURE_SAMPLE)
        })
        .collect();
    if let Some(corpus) = &corpus {
        cases.extend(evaluation::corpus_cases(corpus).unwrap());
    }
    let results = evaluation::run(&runner, &cases, evaluation::THREADS).unwrap();

    let skipped = skipped_tsv(&results);
    let exceptions = parse_exceptions(
        &std::fs::read_to_string(driftless_dev::evaluation_exceptions_file()).unwrap(),
    )
    .unwrap();
    let (unlisted, stale) = check_exceptions(&results, &exceptions);
    // One write, past the harness's capture: the figures are the point of the run.
    let summary = format!(
        "evaluation checked against Terraform {} (every good rule fixture case, one bad case in \
         {FIXTURE_SAMPLE}):\n{}\
         skipped (crates/driftless-dev/data/evaluation_skipped.tsv):\n{}\n",
        runner.terraform().version,
        Figures::of(&results),
        report::data_lines(&skipped, &results).join("\n"),
    );
    let _ = std::io::stderr().write_all(summary.as_bytes());

    let failed: Vec<String> = results
        .iter()
        .filter_map(|r| match &r.outcome {
            Err(skip) if skip.kind == SkipKind::Failed => {
                Some(format!("{}: {}", r.name, skip.reason))
            }
            _ => None,
        })
        .collect();
    assert!(failed.is_empty(), "planning failed:\n{}", failed.join("\n"));
    let invalid = evaluation::fixture_problems(&results);
    assert!(
        invalid.is_empty(),
        "rule fixtures must be valid Terraform that plans offline, or be listed with the \
         reason in driftless_rules::fixtures::CANNOT_PLAN:\n{}",
        invalid.join("\n")
    );
    assert!(
        unlisted.is_empty(),
        "{} disagreements between driftless's evaluation and Terraform's plan; fix the evaluator, \
         or list each in crates/driftless-dev/data/evaluation_exceptions.tsv with its reason:\n{}",
        unlisted.len(),
        report::disagreement_lines(&unlisted)
    );
    assert!(
        stale.is_empty(),
        "listed in evaluation_exceptions.tsv but no longer happening (remove them):\n{}",
        report::exception_lines(&stale)
    );
    let committed =
        std::fs::read_to_string(driftless_dev::evaluation_skipped_file()).unwrap_or_default();
    let want = report::data_lines(&committed, &results);
    let got = report::data_lines(&skipped, &results);
    assert!(
        report::skip_keys(&want) == report::skip_keys(&got),
        "crates/driftless-dev/data/evaluation_skipped.tsv is stale: run `cargo run -p \
         driftless-dev -- agreement --write`. Skipped now:\n{}",
        got.join("\n")
    );
}
