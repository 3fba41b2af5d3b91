//! `driftless exception`: request, approve, deny and list exceptions, and the exception
//! policy of `driftless.toml`.

use super::store::{block_on, workspace, write_json, write_table};
use crate::ExitStatus;
use crate::args::{ExceptionArgs, ExceptionCommand, ListFormat};
use anyhow::bail;
use driftless_campaign::exception::{self, ExceptionPolicy};
use driftless_campaign::{ExceptionQuery, ExceptionState};
use std::io::Write as _;

/// Runs an `exception` subcommand.
///
/// # Errors
/// When the store fails or the actor may not act.
pub fn run(args: &ExceptionArgs) -> anyhow::Result<ExitStatus> {
    block_on(async {
        let ws = workspace(&args.store).await?;
        let mut out = std::io::stdout().lock();
        let policy = exception_policy()?;
        match &args.command {
            ExceptionCommand::Request {
                violation,
                reason,
                expires,
            } => {
                let expires = expires
                    .as_deref()
                    .map(|t| {
                        exception::end_of_day(t).map_err(|e| anyhow::anyhow!("--expires {t}: {e}"))
                    })
                    .transpose()?;
                let e = exception::request(
                    ws.store.as_ref(),
                    &ws.actor,
                    *violation,
                    reason,
                    expires,
                    policy,
                    ws.now,
                )
                .await?;
                writeln!(
                    out,
                    "requested exception {} for violation {} until {}: a security user approves it with `driftless exception approve {}`",
                    e.id,
                    e.violation_id,
                    e.expires_at.date(),
                    e.id
                )?;
            }
            ExceptionCommand::Approve { id, note } | ExceptionCommand::Deny { id, note } => {
                let approve = matches!(args.command, ExceptionCommand::Approve { .. });
                let e = exception::decide(
                    ws.store.as_ref(),
                    &ws.actor,
                    *id,
                    approve,
                    note.as_deref(),
                    ws.now,
                )
                .await?;
                writeln!(
                    out,
                    "exception {} {} (violation {}, until {})",
                    e.id,
                    e.state,
                    e.violation_id,
                    e.expires_at.date()
                )?;
            }
            ExceptionCommand::List {
                campaign,
                state,
                format,
            } => {
                let campaign_id = match campaign {
                    Some(name) => Some(ws.store.campaign(name).await?.id),
                    None => None,
                };
                let states = state
                    .iter()
                    .map(|s| s.parse::<ExceptionState>())
                    .collect::<Result<Vec<_>, _>>()?;
                let list = ws
                    .store
                    .exceptions(&ExceptionQuery {
                        campaign_id,
                        violation_id: None,
                        states,
                    })
                    .await?;
                if *format == ListFormat::Json {
                    write_json(&mut out, &list)?;
                } else {
                    let rows: Vec<Vec<String>> = list
                        .iter()
                        .map(|e| {
                            vec![
                                e.id.to_string(),
                                e.state.to_string(),
                                e.violation_id.to_string(),
                                e.requester.clone(),
                                e.approver.clone().unwrap_or_default(),
                                e.expires_at.date().to_string(),
                                e.reason.clone(),
                            ]
                        })
                        .collect();
                    write_table(
                        &mut out,
                        &[
                            "id",
                            "state",
                            "violation",
                            "requester",
                            "approver",
                            "expires",
                            "reason",
                        ],
                        &rows,
                    )?;
                }
            }
        }
        Ok(ExitStatus::Clean)
    })
}

/// The exception policy: `[exceptions]` of `driftless.toml` in the working directory.
pub(crate) fn exception_policy() -> anyhow::Result<ExceptionPolicy> {
    let config = crate::config::Config::load(std::path::Path::new("."))?;
    let mut policy = ExceptionPolicy::default();
    if let Some(e) = &config.exceptions {
        if let Some(d) = e.default_days {
            policy.default_days = d;
        }
        if let Some(m) = e.max_days {
            policy.max_days = m;
        }
    }
    if policy.default_days > policy.max_days {
        bail!(
            "driftless.toml: [exceptions] default-days ({}) exceeds max-days ({})",
            policy.default_days,
            policy.max_days
        );
    }
    Ok(policy)
}
