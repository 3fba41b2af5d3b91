//! `driftless map`: other scanners' findings mapped through state to the code, printed in
//! every format of `scan` plus a summary: mapped with a fix, mapped without a fix, unmanaged
//! (in no state), unresolved (in a state, not in the code, with the reason).

use crate::ExitStatus;
use crate::args::{Format, MapArgs};
use crate::commands::states::state_specs;
use crate::render::scanned::ScannedFiles;
use anyhow::{Context as _, bail};
use driftless_diagnostics::{InputError, InputErrorKind, RuleSummary};
use driftless_formats::ingest::{CsvColumns, FindingFormat, IngestOptions};
use driftless_formats::{Emit as _, Report, TextEmitter, to_json, to_sarif};
use driftless_hcl::LoadOptions;
use driftless_map::{MapOptions, MapReport, Outcome, map_findings};
use driftless_rules::Selection;
use driftless_state::{Redaction, StateIndex};
use serde_json::json;
use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write as _};

/// How to read findings files, from `--findings-format` and `--csv-columns` (shared by
/// `map` and `campaign sync --findings`); naming CSV columns implies the named-column CSV
/// reader.
///
/// # Errors
/// An unknown format, or columns that do not parse (the message says what was expected).
pub fn ingest_options(
    format: Option<&str>,
    csv_columns: Option<&str>,
) -> anyhow::Result<IngestOptions> {
    let mut ingest = IngestOptions {
        format: format
            .map(str::parse::<FindingFormat>)
            .transpose()
            .map_err(anyhow::Error::msg)
            .context("--findings-format")?,
        csv_columns: csv_columns
            .map(str::parse::<CsvColumns>)
            .transpose()
            .map_err(anyhow::Error::msg)
            .context("--csv-columns")?,
    };
    if ingest.format.is_none() && ingest.csv_columns.is_some() {
        ingest.format = Some(FindingFormat::Csv);
    }
    Ok(ingest)
}

/// Runs `driftless map`.
///
/// # Errors
/// Invalid arguments, or a report that cannot be written. Unreadable findings or state files
/// are reported in the output and make the exit status 2; the others are still mapped.
pub fn run(args: &MapArgs) -> anyhow::Result<ExitStatus> {
    if !args.path.exists() {
        bail!("{}: no such file or folder", args.path.display());
    }
    let ingest = ingest_options(args.findings_format.as_deref(), args.csv_columns.as_deref())?;
    let (specs, mut errors) = state_specs(&args.states, args.state_dir.as_deref())?;
    for spec in &specs {
        if spec.root_dir != "." && !args.path.join(&spec.root_dir).is_dir() {
            errors.push(InputError {
                kind: InputErrorKind::Unresolved,
                path: spec.path.display().to_string(),
                position: None,
                message: format!(
                    "its root module folder `{}` is not a folder of {}: expected FILE=ROOT_DIR with ROOT_DIR relative to the scanned path",
                    spec.root_dir,
                    args.path.display()
                ),
            });
        }
    }
    // Only ids, ARNs and names survive: mapping needs nothing else (secrets never load).
    let (index, state_errors) = StateIndex::load(&specs, &Redaction::for_mapping());
    errors.extend(state_errors.iter().map(|e| {
        let mut error = e.to_input_error(e.path.display().to_string());
        if let Some(cause) = std::error::Error::source(e) {
            error.message = format!("{}: {cause}", error.message);
        }
        error
    }));
    let options = MapOptions {
        load: LoadOptions {
            var_files: args.var_files.clone(),
            ..LoadOptions::default()
        },
        selection: Selection::default(),
        repo: String::new(),
        ingest,
        states: specs.clone(),
    };
    let report = map_findings(&args.path, &args.findings, &index, &options);
    errors.extend(report.errors.iter().cloned());
    let findings = report.findings();
    let mut out: Box<dyn std::io::Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };
    let files = ScannedFiles(report.scan.project.files());
    match args.format {
        Format::Text => {
            let color = args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none();
            let text = Report::new(env!("CARGO_PKG_VERSION"), &findings)
                .with_errors(&errors)
                .with_sources(&files);
            TextEmitter {
                show_suppressed: true,
                color,
            }
            .emit(&text, &mut out)?;
            out.write_all(summary_text(&report).as_bytes())?;
            if index.is_empty() && report.stats.unmanaged > 0 {
                writeln!(
                    out,
                    "No state was loaded (--state FILE=ROOT_DIR or --state-dir): cloud findings cannot be joined to the code, so they are listed as unmanaged."
                )?;
            }
        }
        Format::Json | Format::Sarif => {
            let rules: Vec<RuleSummary> = driftless_rules::all_rules()
                .iter()
                .map(|r| r.meta().summary())
                .collect();
            let base = Report::new(env!("CARGO_PKG_VERSION"), &findings)
                .with_errors(&errors)
                .with_rules(&rules)
                .with_sources(&files);
            let mut value = if args.format == Format::Json {
                to_json(&base)
            } else {
                to_sarif(&base)
            };
            let summary = summary_json(&report);
            if args.format == Format::Json {
                value["map"] = summary;
            } else {
                value["runs"][0]["properties"]["map"] = summary;
            }
            serde_json::to_writer_pretty(&mut out, &value)?;
            writeln!(out)?;
        }
        Format::Junit | Format::Csv | Format::Markdown => {
            // No rule list: `map` runs no rule over the code, so JUnit must not report every
            // rule as a passing test. The `map` summary is JSON and SARIF only.
            let base = Report::new(env!("CARGO_PKG_VERSION"), &findings)
                .with_errors(&errors)
                .with_sources(&files);
            if let Some(emitter) = args.format.emitter() {
                emitter.emit(&base, &mut out)?;
            }
        }
    }
    out.flush()?;
    let left = !findings.is_empty() || report.stats.unmanaged > 0 || report.stats.unresolved > 0;
    Ok(if errors.iter().any(InputError::is_error) {
        ExitStatus::Error
    } else if left {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}

fn summary_text(report: &MapReport) -> String {
    let s = report.stats;
    let mut out = format!(
        "\nRead {} finding{}: {} failed, {} passed or not applicable (counted, not mapped).\n\
         Mapped with a fix: {}. Mapped without a fix: {}. Unmanaged (in no state): {}. Unresolved (in a state, not in the code): {}.\n",
        s.read,
        if s.read == 1 { "" } else { "s" },
        s.failed,
        s.not_failed,
        s.mapped_with_fix,
        s.mapped_without_fix,
        s.unmanaged,
        s.unresolved
    );
    for m in &report.mapped {
        let resource = m.external.resources.first().map_or("", |r| r.id.as_str());
        match &m.outcome {
            Outcome::Unmanaged => {
                let _ = writeln!(
                    out,
                    "unmanaged: {} {} {resource}",
                    m.external.tool, m.external.rule
                );
            }
            Outcome::Unresolved(reason) => {
                let _ = writeln!(
                    out,
                    "unresolved: {} {} {resource}: {reason}",
                    m.external.tool, m.external.rule
                );
            }
            _ => {}
        }
    }
    out
}

fn summary_json(report: &MapReport) -> serde_json::Value {
    let s = report.stats;
    let list = |want: fn(&Outcome) -> bool| -> Vec<serde_json::Value> {
        report
            .mapped
            .iter()
            .filter(|m| want(&m.outcome))
            .map(|m| {
                json!({
                    "tool": m.external.tool,
                    "finding_id": m.external.id,
                    "rule": m.external.rule,
                    "resource_id": m.external.resources.first().map(|r| r.id.clone()),
                    "reason": match &m.outcome { Outcome::Unresolved(r) => Some(r.clone()), _ => None },
                })
            })
            .collect()
    };
    json!({
        "read": s.read,
        "failed": s.failed,
        "not_failed": s.not_failed,
        "mapped_with_fix": s.mapped_with_fix,
        "mapped_without_fix": s.mapped_without_fix,
        "unmanaged": list(|o| *o == Outcome::Unmanaged),
        "unresolved": list(|o| matches!(o, Outcome::Unresolved(_))),
    })
}
