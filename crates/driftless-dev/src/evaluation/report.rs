//! What a run of the comparison says: the agreement figures, the list of skipped root modules
//! (`data/evaluation_skipped.tsv`), and the disagreements checked against the listed
//! exceptions (`data/evaluation_exceptions.tsv`).

use super::cases::Group;
use super::compare::{Disagreement, Tally};
use super::run::CaseResult;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

/// The figures of one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupFigures {
    /// Root modules planned and compared.
    pub compared_roots: usize,
    /// Root modules skipped.
    pub skipped_roots: usize,
    /// The sum of the comparisons.
    pub tally: Tally,
    /// Disagreements.
    pub disagreements: usize,
}

/// The figures of a run, by group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures(pub BTreeMap<Group, GroupFigures>);

impl Figures {
    /// Sums `results` by group.
    #[must_use]
    pub fn of(results: &[CaseResult]) -> Self {
        let mut out = BTreeMap::<Group, GroupFigures>::new();
        for result in results {
            let figures = out.entry(result.group).or_default();
            match &result.outcome {
                Ok(comparison) => {
                    figures.compared_roots += 1;
                    figures.tally += comparison.tally;
                    figures.disagreements += comparison.disagreements.len();
                }
                Err(_) => figures.skipped_roots += 1,
            }
        }
        Self(out)
    }
}

impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (group, g) in &self.0 {
            let t = &g.tally;
            let name = match group {
                Group::Fixtures => "rule fixtures",
                Group::Corpus => "corpus roots",
            };
            writeln!(
                f,
                "{name}: {} root modules planned and compared ({} skipped)",
                g.compared_roots, g.skipped_roots
            )?;
            writeln!(
                f,
                "  instances: {} of Terraform's {} matched by address, {} more behind {} driftless \
                 instances of unknown count/for_each; driftless has {} of known address",
                t.matched_instances,
                t.terraform_instances,
                t.covered_instances,
                t.driftless_unknown_repetition,
                t.driftless_instances
            )?;
            writeln!(
                f,
                "  attributes: {} compared, {} agreeing ({}), {} disagreements",
                t.compared,
                t.agreeing,
                percent(t.agreeing, t.compared),
                g.disagreements
            )?;
        }
        Ok(())
    }
}

/// `part` of `whole` in percent, one decimal (rounded down, so 99.96 % is not 100.0 %).
#[must_use]
pub fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "-".to_owned();
    }
    let tenths = part.saturating_mul(1000) / whole;
    format!("{}.{} %", tenths / 10, tenths % 10)
}

/// The header of `data/evaluation_skipped.tsv`.
const SKIPPED_HEADER: &str = "# Root modules the evaluation check does not compare: Terraform cannot plan them offline \
with the AWS provider alone, or rejects them. Written by `cargo run -p driftless-dev -- agreement --write`;\n\
# crates/driftless-dev/tests/evaluation.rs fails when it is stale.\n\
# case\tkind\treason\n";

/// The skipped root modules of `results` as `data/evaluation_skipped.tsv` lists them, sorted.
#[must_use]
pub fn skipped_tsv(results: &[CaseResult]) -> String {
    let mut lines: Vec<String> = results
        .iter()
        .filter_map(|r| {
            let skip = r.outcome.as_ref().err()?;
            Some(format!(
                "{}\t{}\t{}\n",
                r.name,
                skip.kind,
                one_line(&skip.reason)
            ))
        })
        .collect();
    lines.sort();
    let mut out = SKIPPED_HEADER.to_owned();
    out.extend(lines);
    out
}

/// The lines of a TSV file that are not comments and whose first field names one of the cases
/// of `results`.
#[must_use]
pub fn data_lines(text: &str, results: &[CaseResult]) -> Vec<String> {
    let names: BTreeSet<&str> = results.iter().map(|r| r.name.as_str()).collect();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter(|l| names.contains(l.split('\t').next().unwrap_or_default()))
        .map(str::to_owned)
        .collect()
}

/// The case and kind of each of `lines` (from [`data_lines`]), without the reason: what a
/// staleness check compares, since Terraform names whichever missing provider it meets first
/// when a root module needs several.
#[must_use]
pub fn skip_keys(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.splitn(3, '\t').take(2).collect::<Vec<_>>().join("\t"))
        .collect()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One listed exception: a disagreement that is not a bug of the evaluator, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Exception {
    /// The case's name.
    pub case: String,
    /// The instance address.
    pub address: String,
    /// The attribute path ([`Disagreement::attribute`]).
    pub attribute: String,
    /// Why driftless and Terraform differ there.
    pub reason: String,
}

/// A line of the exceptions file that is not `case<TAB>address<TAB>attribute<TAB>reason`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "evaluation_exceptions.tsv:{line}: expected case, address, attribute and a reason, separated by tabs"
)]
pub struct ExceptionsError {
    /// The 1-based line.
    pub line: usize,
}

/// Reads the exceptions file (`#` lines are comments).
///
/// # Errors
/// [`ExceptionsError`] for a line without four fields or with an empty reason.
pub fn parse_exceptions(text: &str) -> Result<Vec<Exception>, ExceptionsError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.splitn(4, '\t').collect();
        match fields.as_slice() {
            [case, address, attribute, reason] if !reason.trim().is_empty() => {
                out.push(Exception {
                    case: (*case).to_owned(),
                    address: (*address).to_owned(),
                    attribute: (*attribute).to_owned(),
                    reason: (*reason).to_owned(),
                });
            }
            _ => return Err(ExceptionsError { line: i + 1 }),
        }
    }
    Ok(out)
}

/// The disagreements of `results` that no exception lists, and the exceptions (of the cases
/// `results` covers) that no disagreement matches any more.
#[must_use]
pub fn check_exceptions<'a>(
    results: &'a [CaseResult],
    exceptions: &'a [Exception],
) -> (Vec<(&'a str, &'a Disagreement)>, Vec<&'a Exception>) {
    let key = |e: &'a Exception| (e.case.as_str(), e.address.as_str(), e.attribute.as_str());
    let listed: BTreeSet<_> = exceptions.iter().map(key).collect();
    let mut seen = BTreeSet::new();
    let mut unlisted = Vec::new();
    for result in results {
        for d in result.outcome.iter().flat_map(|c| &c.disagreements) {
            let k = (
                result.name.as_str(),
                d.address.as_str(),
                d.attribute.as_str(),
            );
            if listed.contains(&k) {
                seen.insert(k);
            } else {
                unlisted.push((result.name.as_str(), d));
            }
        }
    }
    let names: BTreeSet<&str> = results.iter().map(|r| r.name.as_str()).collect();
    let stale = exceptions
        .iter()
        .filter(|e| names.contains(e.case.as_str()))
        .filter(|e| !seen.contains(&key(e)))
        .collect();
    (unlisted, stale)
}

/// The disagreements as lines of the exceptions file, with an empty reason to fill in.
#[must_use]
pub fn disagreement_lines(disagreements: &[(&str, &Disagreement)]) -> String {
    let mut out = String::new();
    for (case, d) in disagreements {
        let _ = writeln!(
            out,
            "{case}\t{}\t{}\t(driftless {}, Terraform {})",
            d.address, d.attribute, d.ours, d.theirs
        );
    }
    out
}

/// Listed exceptions as lines: case, address, attribute.
#[must_use]
pub fn exception_lines(exceptions: &[&Exception]) -> String {
    let mut out = String::new();
    for e in exceptions {
        let _ = writeln!(out, "{}\t{}\t{}", e.case, e.address, e.attribute);
    }
    out
}
