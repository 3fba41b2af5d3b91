//! `driftless violation`: list, show and assign the violations campaigns track.

use super::store::{block_on, workspace, write_json, write_table};
use crate::ExitStatus;
use crate::args::{ListFormat, ViolationArgs, ViolationCommand, ViolationListArgs};
use anyhow::bail;
use driftless_campaign::{AuditQuery, ViolationQuery, ViolationStatus};
use driftless_diagnostics::Severity;
use std::io::Write as _;

/// Runs a `violation` subcommand.
///
/// # Errors
/// When the store fails or the actor may not act.
pub fn run(args: &ViolationArgs) -> anyhow::Result<ExitStatus> {
    block_on(async {
        let ws = workspace(&args.store).await?;
        let mut out = std::io::stdout().lock();
        match &args.command {
            ViolationCommand::List(a) => list(&ws, a, &mut out).await?,
            ViolationCommand::Show { id } => {
                let v = ws.store.violation(*id).await?;
                let repo = ws.store.repository_by_id(v.repository_id).await?;
                writeln!(out, "violation {} ({}): {}", v.id, v.status, v.message)?;
                writeln!(out, "  rule: {} ({})", v.rule_id, v.severity)?;
                writeln!(out, "  resource: {} in {}", v.address, repo.name)?;
                writeln!(out, "  at: {}:{}-{}", v.path, v.start_line, v.end_line)?;
                for c in &v.call_chain {
                    writeln!(out, "  via: {c}")?;
                }
                writeln!(
                    out,
                    "  owner: {} ({})",
                    v.owner.as_deref().unwrap_or("(unowned)"),
                    v.owner_source.map_or("-", |s| s.as_str())
                )?;
                if let Some(d) = v.due_date {
                    writeln!(out, "  due: {d}")?;
                }
                if let Some(s) = &v.suppression {
                    writeln!(out, "  self-suppressed: {s}")?;
                }
                writeln!(out, "  scanned: {}", v.scanned_commit)?;
                if let Some(c) = &v.fixed_commit {
                    writeln!(out, "  fixed by: {c}")?;
                }
                if let Some(a) = &v.fix_applicability {
                    writeln!(
                        out,
                        "  fix ({a}): {}",
                        v.impact_note.as_deref().unwrap_or("")
                    )?;
                }
                if let Some(verification) = &v.fix_verification {
                    writeln!(out, "  {}", verification.summary())?;
                }
                if let Some(r) = &v.recommendation {
                    writeln!(out, "  recommendation: {r}")?;
                }
                if let Some(d) = &v.fix_diff {
                    write!(out, "{d}")?;
                }
                let history = ws
                    .store
                    .audit(&AuditQuery {
                        campaign_id: None,
                        subject: Some(format!("violation:{}", v.id)),
                        limit: 50,
                    })
                    .await?;
                for h in history.iter().rev() {
                    writeln!(
                        out,
                        "  {} {} {} {}",
                        h.at.date(),
                        h.actor,
                        h.action,
                        h.detail
                    )?;
                }
            }
            ViolationCommand::Assign { id, owner } => {
                if !ws.actor.role.can_act_on_violations() {
                    bail!(
                        "{} ({}) may not reassign violations",
                        ws.actor.name,
                        ws.actor.role
                    );
                }
                let owner = driftless_campaign::check_owner(owner).map_err(anyhow::Error::msg)?;
                let v = ws.store.assign(*id, owner, &ws.actor.name).await?;
                writeln!(out, "violation {} assigned to {owner}", v.id)?;
            }
        }
        Ok(ExitStatus::Clean)
    })
}

async fn list(
    ws: &driftless_campaign::workflow::Workspace,
    a: &ViolationListArgs,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let campaign_id = match &a.campaign {
        Some(name) => Some(ws.store.campaign(name).await?.id),
        None => None,
    };
    let repository_id = match &a.repo {
        Some(name) => Some(ws.store.repository(name).await?.id),
        None => None,
    };
    let mut owners = a.owner.clone();
    if a.mine {
        owners.push(ws.actor.name.clone());
        owners.push(ws.actor.email.clone());
        owners.extend(ws.actor.git_identities.iter().cloned());
    }
    let query = ViolationQuery {
        campaign_id,
        statuses: a
            .status
            .iter()
            .map(|s| s.parse::<ViolationStatus>())
            .collect::<Result<_, _>>()?,
        severities: a
            .severity
            .iter()
            .map(|s| s.parse::<Severity>().map_err(anyhow::Error::msg))
            .collect::<Result<_, _>>()?,
        owners,
        repository_id,
        rule_id: a.rule.clone(),
        limit: a.limit,
        ..ViolationQuery::default()
    };
    let page = ws.store.violations(&query).await?;
    if a.format == ListFormat::Json {
        return write_json(out, &page);
    }
    // Without --campaign, the same resource can appear once per campaign: name it.
    let campaigns: std::collections::BTreeMap<i64, String> = if a.campaign.is_none() {
        ws.store
            .campaigns()
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect()
    } else {
        std::collections::BTreeMap::new()
    };
    let rows: Vec<Vec<String>> = page
        .items
        .iter()
        .map(|v| {
            let mut row = vec![v.id.to_string()];
            if a.campaign.is_none() {
                row.push(campaigns.get(&v.campaign_id).cloned().unwrap_or_default());
            }
            row.extend([
                v.status.to_string(),
                v.severity.to_string(),
                v.rule_id.to_string(),
                format!("{}:{}", v.path, v.start_line),
                v.owner.clone().unwrap_or_default(),
                v.due_date.map(|d| d.to_string()).unwrap_or_default(),
                v.address.to_string(),
            ]);
            row
        })
        .collect();
    let mut header = vec!["id"];
    if a.campaign.is_none() {
        header.push("campaign");
    }
    header.extend([
        "status", "severity", "rule", "location", "owner", "due", "resource",
    ]);
    write_table(out, &header, &rows)?;
    if a.mine && rows.is_empty() {
        let mut ids = vec![ws.actor.name.clone(), ws.actor.email.clone()];
        ids.extend(ws.actor.git_identities.iter().cloned());
        writeln!(
            out,
            "no violation is owned by {} (owners are matched against: {}); CODEOWNERS handles such as @org/team count once they are among the user's identities (`user add ... --identity @org/team`)",
            ws.actor.name,
            ids.join(", ")
        )?;
    }
    if page.next.is_some() {
        writeln!(out, "(more: raise --limit)")?;
    }
    Ok(())
}
