//! `driftless scan`: load, evaluate, check; with `--fix`/`--diff`, run the fix engine; print
//! the report in the chosen format; exit 0 (clean), 1 (findings left) or 2 (an input failed).

use crate::ExitStatus;
use crate::args::{ApplicabilityArg, Format, ScanArgs};
use crate::commands::states::state_specs;
use crate::config::Config;
use crate::render::progress::Progress;
use crate::render::scanned::ScannedFiles;
use anyhow::{Context as _, bail};
use driftless_diagnostics::{Applicability, Finding, InputError, RuleSummary, Severity};
use driftless_fix::{FixOptions, fix_repository};
use driftless_formats::{Emit as _, Report, TextEmitter};
use driftless_hcl::LoadOptions;
use driftless_rules::{Selection, scan_path_with_states};
use std::io::{IsTerminal as _, Write as _};

/// Builds the rule selection from the command line, the environment and `driftless.toml`.
///
/// # Errors
/// An invalid severity, a `driftless.toml` that does not parse, or a rule id or prefix that
/// matches no rule.
pub fn selection(args: &ScanArgs) -> anyhow::Result<Selection> {
    let config = Config::load(&args.path)?;
    let severity = args.severity.clone().or(config.min_severity.clone());
    let selection = Selection {
        select: if args.select.is_empty() {
            config.select.clone()
        } else {
            args.select.clone()
        },
        ignore: if args.ignore.is_empty() {
            config.ignore.clone()
        } else {
            args.ignore.clone()
        },
        min_severity: severity
            .map(|s| s.parse::<Severity>().map_err(anyhow::Error::msg))
            .transpose()
            .context("--severity")?,
        severity_overrides: config.severity_overrides()?,
        applicability_overrides: config.applicability_overrides()?,
    };
    let unknown = selection.unknown_patterns();
    if !unknown.is_empty() {
        bail!(
            "no rule matches {}: see `driftless rules`",
            unknown
                .iter()
                .map(|u| format!("`{u}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(selection)
}

/// Runs `driftless scan`.
///
/// # Errors
/// Invalid arguments or configuration, an unreadable scan root, or a report or fixed file that
/// cannot be written.
pub fn run(args: &ScanArgs) -> anyhow::Result<ExitStatus> {
    if !args.path.exists() {
        bail!("{}: no such file or folder", args.path.display());
    }
    let selection = selection(args)?;
    let load = LoadOptions {
        var_files: args.var_files.clone(),
        ..LoadOptions::default()
    };
    let progress = Progress::start(
        &format!("scanning {}", args.path.display()),
        args.no_progress,
    );
    let rules: Vec<RuleSummary> = selection
        .rules()
        .iter()
        .map(|r| r.meta().summary())
        .collect();
    let (states, mut state_errors) = state_specs(&args.states, args.state_dir.as_deref())?;
    let (findings, errors, fixed, files, diff) = if args.fix || args.diff {
        let verify = args.verify.resolve()?;
        progress.set_message(&format!(
            "fixing {}{}",
            args.path.display(),
            if matches!(verify, driftless_fix::Verify::With(_)) {
                " (verifying with Terraform)"
            } else {
                ""
            }
        ));
        if let Some(line) = crate::commands::verify::skipped_line(&verify) {
            progress.suspend(|| eprintln!("{line}"));
        }
        let options = FixOptions {
            applicability: match args.applicability {
                ApplicabilityArg::Safe => Applicability::Safe,
                ApplicabilityArg::Review => Applicability::Review,
            },
            selection,
            load,
            repo: String::new(),
            write: args.fix,
            verify,
            states,
            keep: std::collections::BTreeSet::new(),
        };
        let outcome = fix_repository(&args.path, &options, &|_| true)?;
        let mut diff = String::new();
        for (path, (before, after)) in &outcome.changed {
            diff.push_str(&driftless_fix::unified_diff(path, before, after));
        }
        let mut errors = outcome.after.errors;
        errors.extend(state_errors);
        (
            outcome.after.findings,
            errors,
            outcome.fixed,
            ScannedFiles(outcome.after.project.files()),
            Some(diff),
        )
    } else {
        let (scan, errors) = scan_path_with_states(&args.path, &load, &selection, "", &states);
        state_errors.extend(
            errors
                .iter()
                .map(|e| e.to_input_error(e.path.display().to_string())),
        );
        let mut all_errors = scan.errors;
        all_errors.extend(state_errors);
        (
            scan.findings,
            all_errors,
            Vec::new(),
            ScannedFiles(scan.project.files()),
            None,
        )
    };
    drop(progress);
    let mut out: Box<dyn std::io::Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };
    let shown: Vec<Finding> = findings
        .iter()
        .filter(|f| args.show_suppressed || args.format != Format::Text || f.suppressed.is_none())
        .cloned()
        .collect();
    let report = Report::new(env!("CARGO_PKG_VERSION"), &shown)
        .with_errors(&errors)
        .with_rules(&rules)
        .with_fixed(&fixed)
        .with_sources(&files);
    match args.format.emitter() {
        None => {
            if let (Some(diff), true) = (&diff, args.diff) {
                out.write_all(diff.as_bytes())?;
                if diff.is_empty() {
                    writeln!(out, "No fix to apply at this applicability.")?;
                }
                writeln!(out)?;
            }
            if args.fix {
                let n = fixed.len();
                let written: Vec<&str> = diff
                    .as_deref()
                    .unwrap_or_default()
                    .lines()
                    .filter_map(|l| l.strip_prefix("+++ b/"))
                    .collect();
                let files_changed = written.len();
                write!(
                    out,
                    "Fixed {n} finding{} in {files_changed} file{}",
                    s(n),
                    s(files_changed)
                )?;
                if written.is_empty() {
                    writeln!(out, ".\n")?;
                } else {
                    writeln!(out, ": {}.\n", written.join(", "))?;
                }
            }
            let color = args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none();
            let text = TextEmitter {
                show_suppressed: args.show_suppressed,
                color,
            };
            text.emit(&report, &mut out)?;
        }
        Some(emitter) => emitter.emit(&report, &mut out)?,
    }
    out.flush()?;
    Ok(exit_status(&findings, &errors))
}

fn s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The exit status (docs/architecture.md §4): 2 if any input could not be read or parsed, else 1 if any finding is left (after
/// fixes, suppressions and selection), else 0.
#[must_use]
pub fn exit_status(findings: &[Finding], errors: &[InputError]) -> ExitStatus {
    if errors.iter().any(InputError::is_error) {
        ExitStatus::Error
    } else if findings.iter().any(|f| f.suppressed.is_none()) {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    }
}
