//! `driftless campaign create|list|show|sync|propose|verify|report|close`.

use super::store::{block_on, workspace, write_json, write_table};
use crate::ExitStatus;
use crate::args::{
    ApplicabilityArg, CampaignArgs, CampaignCommand, CampaignCreateArgs, GroupBy, ListFormat,
    ProposeArgs, ReportArgs, ReportFormat, SyncArgs,
};
use anyhow::{Context as _, bail};
use driftless_campaign::report::CampaignReport;
use driftless_campaign::workflow::{self, ProposeOptions, Workspace};
use driftless_campaign::{CampaignState, NewCampaign, RuleSelector};
use driftless_diagnostics::{Applicability, Severity};
use std::collections::BTreeMap;
use std::io::Write as _;

/// Runs a `campaign` subcommand.
///
/// # Errors
/// When the store cannot be opened, the user may not act, or the step fails.
pub fn run(args: &CampaignArgs) -> anyhow::Result<ExitStatus> {
    block_on(async {
        let ws = workspace(&args.store).await?;
        match &args.command {
            CampaignCommand::Create(a) => create(&ws, a).await,
            CampaignCommand::List { format } => list(&ws, *format).await,
            CampaignCommand::Show { name } => show(&ws, name).await,
            CampaignCommand::Sync(a) => sync(&ws, a).await,
            CampaignCommand::Propose(a) => propose(&ws, a).await,
            CampaignCommand::Verify { name } => verify(&ws, name).await,
            CampaignCommand::Report(a) => report(&ws, a).await,
            CampaignCommand::Close { name } => close(&ws, name).await,
        }
    })
}

/// Checks a campaign name: it becomes part of a git branch name.
fn check_name(name: &str) -> anyhow::Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-');
    if ok {
        Ok(())
    } else {
        bail!(
            "campaign name `{name}`: expected lowercase letters, digits and `-` (it names the branch driftless/{name})"
        )
    }
}

async fn create(ws: &Workspace, a: &CampaignCreateArgs) -> anyhow::Result<ExitStatus> {
    ws.require_campaign_role("create a campaign")?;
    check_name(&a.name)?;
    let min_severity = a
        .severity
        .as_deref()
        .map(str::parse::<Severity>)
        .transpose()
        .map_err(anyhow::Error::msg)
        .context("--severity")?;
    let mut due_days = BTreeMap::new();
    for d in &a.due {
        let (sev, days) = d
            .split_once('=')
            .with_context(|| format!("--due {d}: expected SEVERITY=DAYS, like critical=7"))?;
        let sev: Severity = sev
            .trim()
            .parse()
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("--due {d}"))?;
        let days: u32 = days
            .trim()
            .parse()
            .with_context(|| format!("--due {d}: DAYS is a whole number"))?;
        due_days.insert(sev, days);
    }
    let selection = driftless_rules::Selection {
        select: a.select.clone(),
        ignore: a.ignore.clone(),
        ..driftless_rules::Selection::default()
    };
    let unknown = selection.unknown_patterns();
    if !unknown.is_empty() {
        bail!(
            "no rule matches {}: see `driftless rules`",
            unknown.join(", ")
        );
    }
    let campaign = ws
        .store
        .create_campaign(
            &NewCampaign {
                name: a.name.clone(),
                description: a.description.clone(),
                rules: RuleSelector {
                    select: a.select.clone(),
                    ignore: a.ignore.clone(),
                    min_severity,
                },
                repositories: a.repositories.clone(),
                due_days,
                default_assignee: a.assignee.clone(),
                count_suppressed: a.count_suppressed,
            },
            &ws.actor.name,
        )
        .await?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "created campaign {} (draft): run `driftless campaign sync {} --as {}`",
        campaign.name, campaign.name, ws.actor.name
    )?;
    Ok(ExitStatus::Clean)
}

async fn list(ws: &Workspace, format: ListFormat) -> anyhow::Result<ExitStatus> {
    let today = ws.now.date();
    let mut reports = Vec::new();
    for c in ws.store.campaigns().await? {
        let rows = ws.store.counts(c.id, today).await?;
        reports.push(CampaignReport::new(c, today, &rows, Vec::new()));
    }
    let mut out = std::io::stdout().lock();
    if format == ListFormat::Json {
        write_json(&mut out, &reports)?;
        return Ok(ExitStatus::Clean);
    }
    let rows: Vec<Vec<String>> = reports
        .iter()
        .map(|r| {
            vec![
                r.campaign.name.clone(),
                r.campaign.state.to_string(),
                r.totals.total.to_string(),
                r.totals.outstanding().to_string(),
                r.totals.overdue.to_string(),
                format!("{}%", r.totals.done_percent()),
                r.campaign.description.clone(),
            ]
        })
        .collect();
    write_table(
        &mut out,
        &[
            "name",
            "state",
            "violations",
            "outstanding",
            "overdue",
            "done",
            "description",
        ],
        &rows,
    )?;
    Ok(ExitStatus::Clean)
}

async fn show(ws: &Workspace, name: &str) -> anyhow::Result<ExitStatus> {
    let c = ws.store.campaign(name).await?;
    let today = ws.now.date();
    let rows = ws.store.counts(c.id, today).await?;
    let report = CampaignReport::new(c.clone(), today, &rows, Vec::new());
    let repos = ws.repositories_of(&c).await?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "campaign {} ({})", c.name, c.state)?;
    if !c.description.is_empty() {
        writeln!(out, "  {}", c.description)?;
    }
    let rules = if c.rules.select.is_empty() {
        "every rule".to_owned()
    } else {
        c.rules.select.join(", ")
    };
    writeln!(out, "  rules: {rules}")?;
    if !c.rules.ignore.is_empty() {
        writeln!(out, "  ignored: {}", c.rules.ignore.join(", "))?;
    }
    if let Some(s) = c.rules.min_severity {
        writeln!(out, "  least severity: {s}")?;
    }
    let names: Vec<&str> = repos.iter().map(|r| r.name.as_str()).collect();
    writeln!(out, "  repositories: {}", names.join(", "))?;
    for (sev, days) in c.due_days.iter().rev() {
        writeln!(out, "  due: {sev} within {days} days")?;
    }
    if let Some(a) = &c.default_assignee {
        writeln!(out, "  default assignee: {a}")?;
    }
    writeln!(
        out,
        "  progress: {} violations, {}% done, {} outstanding, {} overdue",
        report.totals.total,
        report.totals.done_percent(),
        report.totals.outstanding(),
        report.totals.overdue
    )?;
    for r in ws.store.remediations(c.id).await? {
        let repo = ws.store.repository_by_id(r.repository_id).await?;
        writeln!(
            out,
            "  remediation {} on {}: {} ({} violations){}",
            r.branch,
            repo.name,
            r.state,
            r.violation_ids.len(),
            r.url.map(|u| format!(" {u}")).unwrap_or_default()
        )?;
    }
    Ok(ExitStatus::Clean)
}

async fn sync(ws: &Workspace, a: &SyncArgs) -> anyhow::Result<ExitStatus> {
    let ingest =
        super::map::ingest_options(a.findings_format.as_deref(), a.csv_columns.as_deref())?;
    for f in &a.findings {
        if !f.is_file() {
            bail!("--findings {}: no such file", f.display());
        }
    }
    let states = a
        .states
        .iter()
        .map(|s| s.parse::<driftless_state::StateSpec>())
        .collect::<Result<Vec<_>, _>>()
        .context("--state")?;
    if !a.findings.is_empty() && states.is_empty() {
        bail!(
            "--findings needs --state: the state maps the scanner's cloud ids and ARNs to resource addresses"
        );
    }
    let options = workflow::SyncOptions {
        findings: a.findings.clone(),
        ingest,
        states,
    };
    let report = workflow::sync_with(ws, &a.name, &options).await?;
    let mut out = std::io::stdout().lock();
    let mut exit = ExitStatus::Clean;
    for e in &report.expired {
        writeln!(
            out,
            "exception {} expired on {}: violation {} reopened",
            e.id,
            e.expires_at.date(),
            e.violation_id
        )?;
    }
    for r in &report.repositories {
        if let Some(error) = &r.error {
            exit = ExitStatus::Error;
            writeln!(out, "{}: not synced: {error}", r.repository)?;
            continue;
        }
        let s = &r.summary;
        writeln!(
            out,
            "{} at {} ({}): {} new, {} updated, {} reopened, {} fixed, {} unchanged",
            r.repository,
            r.branch.as_deref().unwrap_or("?"),
            r.commit.as_deref().map_or("?", |c| &c[..c.len().min(12)]),
            s.new,
            s.updated,
            s.reopened,
            s.fixed,
            s.unchanged
        )?;
        for e in &r.input_errors {
            writeln!(out, "  warning: {e}")?;
        }
        for (fp, why) in &r.undecided {
            writeln!(out, "  not closed: {fp}: {why}")?;
        }
    }
    Ok(exit)
}

async fn propose(ws: &Workspace, a: &ProposeArgs) -> anyhow::Result<ExitStatus> {
    let verify = super::verify::for_review(&a.verify, "campaign propose")?;
    let skipped = verify
        .skipped_because()
        .map(|reason| format!("Verification was skipped: {reason}"));
    let options = ProposeOptions {
        applicability: match a.applicability {
            ApplicabilityArg::Safe => Applicability::Safe,
            ApplicabilityArg::Review => Applicability::Review,
        },
        group_by_owner: a.group_by == GroupBy::Owner,
        violations: (!a.violations.is_empty()).then(|| a.violations.clone()),
        repositories: a.repositories.clone(),
        verify,
    };
    let outcomes = workflow::propose(ws, &a.name, &options).await?;
    let mut out = std::io::stdout().lock();
    if let Some(line) = skipped {
        writeln!(out, "{line}")?;
    }
    let mut status = ExitStatus::Clean;
    if outcomes.is_empty() {
        writeln!(
            out,
            "nothing to propose: no outstanding violation (run `driftless campaign sync {}` first?)",
            a.name
        )?;
    }
    for o in &outcomes {
        if let Some(error) = &o.error {
            status = ExitStatus::Error;
            writeln!(out, "{} {}: failed: {error}", o.repository, o.branch)?;
        } else if let (true, Some(commit)) = (o.unchanged, &o.commit) {
            writeln!(
                out,
                "{} {}: already carries these fixes at {}; nothing pushed{}",
                o.repository,
                o.branch,
                &commit[..commit.len().min(12)],
                o.url
                    .as_deref()
                    .map(|u| format!(": {u}"))
                    .unwrap_or_default()
            )?;
        } else if let Some(commit) = &o.commit {
            writeln!(
                out,
                "{} {}: pushed {} fixing {} violation{}{}",
                o.repository,
                o.branch,
                &commit[..commit.len().min(12)],
                o.fixed.len(),
                if o.fixed.len() == 1 { "" } else { "s" },
                o.url
                    .as_deref()
                    .map(|u| format!(": {u}"))
                    .unwrap_or_default()
            )?;
        } else {
            writeln!(out, "{} {}: no fix to push", o.repository, o.branch)?;
        }
        for (id, why) in &o.skipped {
            writeln!(out, "  violation {id} not included: {why}")?;
        }
    }
    Ok(status)
}

async fn verify(ws: &Workspace, name: &str) -> anyhow::Result<ExitStatus> {
    let report = workflow::verify(ws, name).await?;
    let mut out = std::io::stdout().lock();
    for r in &report.remediations {
        let rem = &r.remediation;
        match &r.error {
            Some(e) => writeln!(out, "{} {}: cannot check: {e}", r.repository, rem.branch)?,
            None => writeln!(
                out,
                "{} {}: {}{}",
                r.repository,
                rem.branch,
                match rem.state {
                    driftless_campaign::PullRequestState::None => "pushed, not merged yet",
                    driftless_campaign::PullRequestState::Open =>
                        "pull request open, not merged yet",
                    driftless_campaign::PullRequestState::Closed =>
                        "pull request closed without merging",
                    driftless_campaign::PullRequestState::Merged => "merged",
                },
                rem.merge_commit
                    .as_deref()
                    .map(|c| format!(" as {}", &c[..c.len().min(12)]))
                    .unwrap_or_default()
            )?,
        }
    }
    let fixed: u32 = report
        .sync
        .repositories
        .iter()
        .map(|r| r.summary.fixed)
        .sum();
    writeln!(
        out,
        "{fixed} violations fixed by this sync; {} outstanding",
        report.remaining
    )?;
    Ok(if report.remaining > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}

async fn report(ws: &Workspace, a: &ReportArgs) -> anyhow::Result<ExitStatus> {
    let c = ws.store.campaign(&a.name).await?;
    let today = ws.now.date();
    let rows = ws.store.counts(c.id, today).await?;
    let snapshots = ws.store.snapshots(c.id).await?;
    let overdue = driftless_campaign::report::overdue(ws.store.as_ref(), c.id, today, 200).await?;
    let report = CampaignReport::new(c, today, &rows, snapshots).with_overdue(&overdue);
    let mut out = std::io::stdout().lock();
    match a.format {
        ReportFormat::Table => write!(out, "{}", report.to_text())?,
        ReportFormat::Json => write_json(&mut out, &report)?,
        ReportFormat::Csv => write!(out, "{}", report.to_csv())?,
        ReportFormat::Markdown => write!(out, "{}", report.to_markdown())?,
    }
    if let Some(path) = &a.chart {
        std::fs::write(path, report.burndown_svg())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(ExitStatus::Clean)
}

async fn close(ws: &Workspace, name: &str) -> anyhow::Result<ExitStatus> {
    ws.require_campaign_role("close a campaign")?;
    let c = ws.store.campaign(name).await?;
    if c.state == CampaignState::Closed {
        bail!("campaign {name} is already closed");
    }
    ws.store
        .set_campaign_state(c.id, CampaignState::Closed, &ws.actor.name)
        .await?;
    writeln!(std::io::stdout().lock(), "closed campaign {name}")?;
    Ok(ExitStatus::Clean)
}
