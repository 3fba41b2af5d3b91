//! `driftless demo`: the main job on the bundled vulnerable example (examples/vulnerable):
//! scan it, map the Security Hub and Prowler findings about it through its state to the code,
//! fix it through the code in a scratch copy, and scan again; then run a campaign on it and
//! serve the campaign's web UI until Ctrl-C (`--no-serve` ends after the report).

mod campaign;
mod example;
mod web;

pub use example::{EXAMPLE, write_example};

use crate::ExitStatus;
use crate::args::DemoArgs;
use crate::render::scanned::ScannedFiles;
use driftless_diagnostics::Applicability;
use driftless_fix::{FixOptions, fix_repository, unified_diff};
use driftless_formats::{Report, TextEmitter, text_summary, to_text};
use driftless_hcl::LoadOptions;
use driftless_map::{MapOptions, Outcome, map_findings};
use driftless_rules::{Selection, scan_path};
use driftless_state::{Redaction, StateIndex, StateSpec};
use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;

fn scratch_dir() -> PathBuf {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    std::env::temp_dir().join(format!("driftless-demo-{}-{stamp}", std::process::id()))
}

/// Runs the demo.
///
/// # Errors
/// When the example cannot be written or a fixed file cannot be saved.
pub fn run(args: &DemoArgs) -> anyhow::Result<ExitStatus> {
    let mut out = std::io::stdout().lock();
    let listener = if args.no_serve {
        None
    } else {
        Some(web::bind(args.listen.as_deref(), &mut out)?)
    };
    let dir = args.dir.clone().unwrap_or_else(scratch_dir);
    write_example(&dir)?;
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    writeln!(
        out,
        "driftless demo: a vulnerable Terraform configuration copied to {}\n",
        dir.display()
    )?;

    writeln!(
        out,
        "== 1. scan: every finding, the lines to change, and the fix ==\n"
    )?;
    let selection = Selection::default();
    let scan = scan_path(&dir, &LoadOptions::default(), &selection, "");
    let scan_files = ScannedFiles(scan.project.files());
    let scan_report = Report::new(env!("CARGO_PKG_VERSION"), &scan.findings)
        .with_errors(&scan.errors)
        .with_sources(&scan_files);
    let text = to_text(
        &scan_report,
        TextEmitter {
            show_suppressed: false,
            color,
        },
    );
    writeln!(out, "{text}")?;

    writeln!(
        out,
        "== 2. map Security Hub and Prowler findings through the state to the code: `driftless map --findings findings/*.json --state terraform.tfstate` ==\n"
    )?;
    let (states, _) = StateIndex::load(
        &[StateSpec::new(dir.join("terraform.tfstate"), ".")],
        &Redaction::new(),
    );
    let findings = [
        dir.join("findings/securityhub.asff.json"),
        dir.join("findings/prowler.ocsf.json"),
    ];
    let mapped = map_findings(&dir, &findings, &states, &MapOptions::default());
    for m in &mapped.mapped {
        let resource = m.external.resources.first().map_or("", |r| r.id.as_str());
        let what = match (&m.outcome, &m.finding) {
            (Outcome::MappedWithFix, Some(f)) => format!(
                "{} at {} -> {}: {}",
                f.address,
                f.location,
                f.rule_id,
                f.fix.as_ref().map_or("", |x| x.title())
            ),
            (Outcome::MappedWithoutFix, Some(f)) => {
                format!("{} at {} -> recommendation only", f.address, f.location)
            }
            (Outcome::Unmanaged, _) => "in no state: unmanaged".to_owned(),
            (Outcome::Unresolved(reason), _) => format!("unresolved: {reason}"),
            _ => String::new(),
        };
        writeln!(
            out,
            "{} {} {resource}\n    {what}",
            m.external.tool, m.external.rule
        )?;
    }
    let s = mapped.stats;
    writeln!(
        out,
        "\n{} findings read, {} failed: {} mapped with a fix, {} without, {} unmanaged, {} unresolved. The state's secrets were dropped on read.\n",
        s.read, s.failed, s.mapped_with_fix, s.mapped_without_fix, s.unmanaged, s.unresolved
    )?;

    writeln!(
        out,
        "== 3. fix through the code: `driftless scan --fix --applicability review` ==\n"
    )?;
    let options = FixOptions {
        applicability: Applicability::Review,
        selection: selection.clone(),
        load: LoadOptions::default(),
        repo: String::new(),
        write: true,
        verify: driftless_fix::Verify::No,
        states: Vec::new(),
        keep: std::collections::BTreeSet::new(),
    };
    let outcome = fix_repository(&dir, &options, &|_| true)?;
    for (path, (before, after)) in &outcome.changed {
        write!(out, "{}", unified_diff(path, before, after))?;
    }
    for r in &outcome.refused {
        writeln!(
            out,
            "refused: {} on {}: {}",
            r.finding.rule_id, r.finding.address, r.reason
        )?;
    }
    let gate = if outcome.refused.is_empty() {
        "every fix passed the re-parse and re-scan gate".to_owned()
    } else {
        format!(
            "the re-parse and re-scan gate refused {} (above)",
            outcome.refused.len()
        )
    };
    writeln!(
        out,
        "\nFixed {} findings in {} files; {gate}.\n",
        outcome.fixed.len(),
        outcome.changed.len()
    )?;

    writeln!(out, "== 4. scan again: what is left needs a human ==\n")?;
    let after = scan_path(&dir, &LoadOptions::default(), &selection, "");
    let after_files = ScannedFiles(after.project.files());
    let after_report = Report::new(env!("CARGO_PKG_VERSION"), &after.findings)
        .with_errors(&after.errors)
        .with_sources(&after_files);
    // The input errors were listed in step 1: the frames leave them out, the summary counts them.
    let left = to_text(
        &after_report.with_errors(&[]),
        TextEmitter {
            show_suppressed: false,
            color,
        },
    );
    writeln!(out, "{left}")?;
    write!(
        out,
        "Before: {}After:  {}",
        text_summary(&scan_report),
        text_summary(&after_report)
    )?;
    writeln!(
        out,
        "\nThe fixed copy is in {dir}. Try `driftless scan {dir} --format sarif` or `--show-suppressed`.",
        dir = dir.display()
    )?;

    writeln!(
        out,
        "\n== 5. a campaign: track every violation with its owner, propose the fixes as a branch, report ==\n"
    )?;
    let campaign_dir = dir.join("campaign");
    super::store::block_on(async move {
        let campaign = campaign::run(&campaign_dir, &mut out).await?;
        if let Some(listener) = listener {
            web::serve(campaign, listener, out).await
        } else {
            writeln!(
                out,
                "\nThe web UI on this store: `driftless serve {}` (give each user a password first: `driftless user passwd dev {0} --as dev`).",
                campaign.options
            )?;
            Ok(())
        }
    })?;
    Ok(ExitStatus::Clean)
}
