//! `driftless rules` and `driftless rule <id>`: the catalog and one rule's documentation.

use crate::ExitStatus;
use crate::args::RulesArgs;
use anyhow::bail;
use driftless_rules::{FixAvailability, all_rules, find_rule};
use std::io::Write as _;

/// Lists the catalog.
///
/// # Errors
/// When standard output cannot be written.
pub fn list(args: &RulesArgs) -> anyhow::Result<ExitStatus> {
    let mut out = std::io::stdout().lock();
    if args.json {
        let rules: Vec<_> = all_rules().iter().map(|r| r.meta().summary()).collect();
        serde_json::to_writer_pretty(&mut out, &rules)?;
        writeln!(out)?;
        return Ok(ExitStatus::Clean);
    }
    let width = all_rules()
        .iter()
        .map(|r| r.meta().id.as_str().len())
        .max()
        .unwrap_or(0);
    writeln!(
        out,
        "{:width$}  {:8}  {:14}  title",
        "id", "severity", "fix"
    )?;
    for rule in all_rules() {
        let m = rule.meta();
        let fix = match m.fix {
            FixAvailability::Always => "edits",
            FixAvailability::Sometimes => "some edits",
            FixAvailability::None => "recommendation",
        };
        writeln!(
            out,
            "{:width$}  {:8}  {:14}  {}",
            m.id.as_str(),
            m.severity.as_str(),
            fix,
            m.title
        )?;
    }
    writeln!(
        out,
        "\n{} rules. `driftless rule <id>` prints one rule's documentation.",
        all_rules().len()
    )?;
    Ok(ExitStatus::Clean)
}

/// Prints one rule's documentation.
///
/// # Errors
/// An unknown id (the message suggests ids that contain it).
pub fn show(id: &str) -> anyhow::Result<ExitStatus> {
    // Another tool's id (`CKV_AWS_79`, `EC2.8`, `AVD-AWS-0028`): the rules that cross-reference
    // it. One is shown; several are listed.
    let by_xref: Vec<&'static dyn driftless_rules::Rule> = all_rules()
        .iter()
        .copied()
        .filter(|r| {
            r.meta()
                .cross_refs
                .iter()
                .any(|(_, x)| x.eq_ignore_ascii_case(id))
        })
        .collect();
    let rule = match (find_rule(id), by_xref.as_slice()) {
        (Some(rule), _) => Some(rule),
        (None, [rule]) => Some(*rule),
        (None, []) => None,
        (None, several) => {
            let ids: Vec<&str> = several.iter().map(|r| r.meta().id.as_str()).collect();
            bail!(
                "`{id}` is covered by several rules: {}; ask for one of them",
                ids.join(", ")
            );
        }
    };
    let Some(rule) = rule else {
        let close: Vec<&str> = all_rules()
            .iter()
            .map(|r| r.meta().id.as_str())
            .filter(|r| r.contains(id) || id.contains(*r))
            .collect();
        if close.is_empty() {
            bail!("no rule `{id}`: `driftless rules` lists them");
        }
        bail!("no rule `{id}`; did you mean {}?", close.join(", "));
    };
    let m = rule.meta();
    let mut out = std::io::stdout().lock();
    writeln!(out, "# {}\n\n{}  \nseverity: {}", m.title, m.id, m.severity)?;
    let refs: Vec<String> = m
        .cross_refs
        .iter()
        .map(|(tool, id)| format!("{tool} {id}"))
        .collect();
    if !refs.is_empty() {
        writeln!(out, "same as: {}", refs.join(", "))?;
    }
    writeln!(out, "\n{}", m.doc_markdown())?;
    Ok(ExitStatus::Clean)
}
