//! `driftless demo`: the main job on the bundled vulnerable example (examples/vulnerable):
//! scan it, map the Security Hub and Prowler findings about it through its state to the code,
//! fix it through the code in a scratch copy, and scan again; then run a campaign on it and
//! serve the campaign's web UI until Ctrl-C (`--no-serve` ends after the report).

use super::demo_campaign::DemoCampaign;
use crate::ExitStatus;
use crate::args::DemoArgs;
use crate::render::scanned::ScannedFiles;
use anyhow::Context as _;
use driftless_campaign::ViolationQuery;
use driftless_diagnostics::Applicability;
use driftless_fix::{FixOptions, fix_repository, unified_diff};
use driftless_formats::{Report, TextEmitter, text_summary, to_text};
use driftless_map::{MapOptions, Outcome, map_findings};
use driftless_rules::{Selection, scan_path};
use driftless_state::{Redaction, StateIndex, StateSpec};
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

/// The example's files, embedded so that the binary runs the demo from anywhere.
pub const EXAMPLE: &[(&str, &str)] = &[
    (
        "README.md",
        include_str!("../../../../examples/vulnerable/README.md"),
    ),
    (
        "main.tf",
        include_str!("../../../../examples/vulnerable/main.tf"),
    ),
    (
        "terraform.tfvars",
        include_str!("../../../../examples/vulnerable/terraform.tfvars"),
    ),
    (
        "storage.tf",
        include_str!("../../../../examples/vulnerable/storage.tf"),
    ),
    (
        "database.tf",
        include_str!("../../../../examples/vulnerable/database.tf"),
    ),
    (
        "audit.tf",
        include_str!("../../../../examples/vulnerable/audit.tf"),
    ),
    (
        "modules/web/main.tf",
        include_str!("../../../../examples/vulnerable/modules/web/main.tf"),
    ),
    (
        "legacy/broken.tf",
        include_str!("../../../../examples/vulnerable/legacy/broken.tf"),
    ),
    (
        "terraform.tfstate",
        include_str!("../../../../examples/vulnerable/terraform.tfstate"),
    ),
    (
        "findings/securityhub.asff.json",
        include_str!("../../../../examples/vulnerable/findings/securityhub.asff.json"),
    ),
    (
        "findings/prowler.ocsf.json",
        include_str!("../../../../examples/vulnerable/findings/prowler.ocsf.json"),
    ),
];

/// Writes the example into `dir`.
///
/// # Errors
/// When a file cannot be written.
pub fn write_example(dir: &Path) -> anyhow::Result<()> {
    for (path, text) in EXAMPLE {
        let dest = dir.join(path);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&dest, text).with_context(|| format!("cannot write {}", dest.display()))?;
    }
    Ok(())
}

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
        Some(bind(args.listen.as_deref(), &mut out)?)
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
    let scan = scan_path(&dir, &Default::default(), &selection, "");
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
        load: Default::default(),
        repo: String::new(),
        write: true,
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
    let after = scan_path(&dir, &Default::default(), &selection, "");
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
        let campaign = super::demo_campaign::run(&campaign_dir, &mut out).await?;
        match listener {
            Some(listener) => serve(campaign, listener, out).await,
            None => {
                writeln!(
                    out,
                    "\nThe web UI on this store: `driftless serve {}` (give each user a password first: `driftless user passwd dev {0} --as dev`).",
                    campaign.options
                )?;
                Ok(())
            }
        }
    })?;
    Ok(ExitStatus::Clean)
}

/// Where the demo serves unless `--listen` says otherwise.
const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// Binds `--listen` (before the demo runs, so that a taken address fails at once), or the
/// default address, falling back to a free port when the default is taken.
fn bind(
    listen: Option<&str>,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<std::net::TcpListener> {
    match std::net::TcpListener::bind(listen.unwrap_or(DEFAULT_LISTEN)) {
        Ok(listener) => Ok(listener),
        Err(e) if listen.is_none() && e.kind() == std::io::ErrorKind::AddrInUse => {
            writeln!(
                out,
                "{DEFAULT_LISTEN} is in use (another server?): the web UI will be served on a free port instead.\n"
            )?;
            std::net::TcpListener::bind("127.0.0.1:0")
                .context("cannot listen on a free port of 127.0.0.1")
        }
        Err(e) => Err(anyhow::Error::new(e).context(format!(
            "cannot listen on {} (pass another --listen, port 0 for a free one, or --no-serve)",
            listen.unwrap_or(DEFAULT_LISTEN)
        ))),
    }
}

/// Step 6: gives the demo users passwords, serves the campaign's web UI and prints where,
/// until Ctrl-C.
///
/// The passwords are random, made for this run and printed: a fixed demo password would be
/// a published credential the moment someone serves the demo with `--listen 0.0.0.0:8080`,
/// and a printed one costs the reader nothing.
async fn serve(
    campaign: DemoCampaign,
    listener: std::net::TcpListener,
    mut out: std::io::StdoutLock<'static>,
) -> anyhow::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let addr = listener.local_addr()?;
    let store = campaign.store;

    writeln!(
        out,
        "\n== 6. the web UI: the campaign in a browser, for the security team and each developer ==\n"
    )?;
    writeln!(
        out,
        "Demo users, with passwords made for this run (`driftless user passwd NAME {} --as NAME` sets your own):",
        campaign.options
    )?;
    for (name, role) in &campaign.users {
        let password = driftless_server::auth::random_hex(6);
        let hash = driftless_server::auth::hash_password(&password)?;
        store.set_password_hash(name, Some(&hash), "demo").await?;
        writeln!(out, "  user {name:<4} password {password}  ({role})")?;
    }
    let base = format!("http://{addr}");
    let id = store.campaign(&campaign.campaign).await?.id;
    let violations = store
        .violations(&ViolationQuery {
            campaign_id: Some(id),
            ..ViolationQuery::default()
        })
        .await?
        .items;
    writeln!(
        out,
        "\nThe campaign:  {base}/campaigns/{}",
        campaign.campaign
    )?;
    // The violation to look at first: IMDSv2 (the example's headline), else the most severe
    // one with a fix.
    let with_fix = || violations.iter().filter(|v| v.fix_diff.is_some());
    if let Some(v) = with_fix()
        .find(|v| v.rule_id.as_str() == "aws-ec2-imdsv2-required")
        .or_else(|| with_fix().max_by_key(|v| (v.severity, std::cmp::Reverse(v.id))))
    {
        writeln!(
            out,
            "A violation:   {base}/violations/{} ({} in {}: the code, the rule and the fix)",
            v.id, v.rule_id, v.path
        )?;
    }
    writeln!(
        out,
        "Log in as dev to request an exception, then as sec to approve it. Serving until Ctrl-C; later: `driftless serve {}`.",
        campaign.options
    )?;
    out.flush()?;
    drop(out);
    super::serve::serve(
        store,
        campaign.data_dir,
        driftless_server::Settings::default(),
        listener,
    )
    .await
}
