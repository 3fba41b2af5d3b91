//! `campaign sync`: scan every repository of a campaign at its default branch and write
//! what the scans saw (issue 5 scope 3).
//!
//! Per repository: fetch the mirror, check out the default branch's head in a temporary
//! worktree, scan it with the campaign's rules, decide owners and due dates, and write one
//! [`SyncBatch`]. A repository that cannot be fetched or checked out is reported and left
//! as it was; the others go on. Expired exceptions reopen first; a snapshot of the day's
//! counts is recorded last. Running it twice at the same commits changes nothing.

use super::observe::{Observed, Tracked, observation, observe};
use super::{WorkflowError, Workspace, load_options, selection};
use crate::model::{
    Campaign, CampaignState, Exception, Observation, Repository, SyncBatch, SyncSummary,
    ViolationQuery,
};
use crate::ownership::Owners;
use driftless_formats::ingest::IngestOptions;
use driftless_map::{MapOptions, map_findings};
use driftless_rules::{find_rule, scan_path};
use driftless_state::{Redaction, StateIndex, StateSpec};
use driftless_vcs::git::Mirror;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;
use time::Duration;

/// What a sync did in one repository.
#[derive(Debug, Clone, Serialize)]
pub struct RepoSync {
    /// The repository name.
    pub repository: String,
    /// The commit scanned, when the checkout worked.
    pub commit: Option<String>,
    /// The default branch scanned.
    pub branch: Option<String>,
    /// What changed in the store.
    pub summary: SyncSummary,
    /// Violations not seen but not closed, with why (a parse error, a deselected rule).
    pub undecided: Vec<(String, String)>,
    /// Files that could not be read or parsed, or were skipped (a link out of the
    /// repository, Terraform JSON), as `path:line:col: message`.
    pub input_errors: Vec<String>,
    /// Why the repository was not synced, when it was not.
    pub error: Option<String>,
}

/// What a sync did.
#[derive(Debug, Clone, Serialize)]
pub struct SyncReport {
    /// The campaign name.
    pub campaign: String,
    /// Exceptions that expired (their violations reopened).
    pub expired: Vec<Exception>,
    /// Per repository.
    pub repositories: Vec<RepoSync>,
}

/// Where a sync's findings come from: the campaign's rules on the code (the default), or
/// other scanners' findings mapped through state to the code (`--findings`, `--state`).
#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    /// Findings files (ASFF, OCSF, SARIF, Checkov JSON, Prowler or named-column CSV); when
    /// given, their failed findings that map to a repository's code are its violations.
    pub findings: Vec<PathBuf>,
    /// How to read them.
    pub ingest: IngestOptions,
    /// The states that map cloud ids and ARNs to resource addresses.
    pub states: Vec<StateSpec>,
}

/// Syncs campaign `name` by scanning the code (see [`sync_with`]).
///
/// # Errors
/// As [`sync_with`].
pub async fn sync(ws: &Workspace, name: &str) -> Result<SyncReport, WorkflowError> {
    sync_with(ws, name, &SyncOptions::default()).await
}

/// Syncs campaign `name`.
///
/// With findings files, each repository's violations are the failed findings that map to its
/// code through the states (`driftless map`), for the campaign's rules; such a sync never
/// closes a violation: another scanner's silence does not prove a fix, the next sync of the
/// code does.
///
/// # Errors
/// [`WorkflowError::Forbidden`] unless the actor may run campaigns; a closed campaign is
/// [`WorkflowError::Invalid`]; store errors. Per-repository failures are in the report.
pub async fn sync_with(
    ws: &Workspace,
    name: &str,
    options: &SyncOptions,
) -> Result<SyncReport, WorkflowError> {
    ws.require_campaign_role("sync a campaign")?;
    let campaign = ws.store.campaign(name).await?;
    if campaign.state == CampaignState::Closed {
        return Err(WorkflowError::Invalid(format!(
            "campaign {name} is closed; create a new one to track these rules again"
        )));
    }
    let in_scope = ws.repositories_of(&campaign).await?;
    if in_scope.is_empty() {
        return Err(WorkflowError::Invalid(format!(
            "campaign {name} covers no registered repository (patterns: {}): register one with `driftless repo add`",
            if campaign.repositories.is_empty() {
                "all".to_owned()
            } else {
                campaign.repositories.join(", ")
            }
        )));
    }
    let expired = ws.store.expire_exceptions(ws.now, &ws.actor.name).await?;
    let mut repositories = Vec::new();
    let states = if options.findings.is_empty() {
        None
    } else {
        let (index, errors) = StateIndex::load(&options.states, &Redaction::for_mapping());
        if let Some(e) = errors.first() {
            return Err(WorkflowError::Invalid(format!("cannot read a state: {e}")));
        }
        Some(Arc::new(index))
    };
    for repo in in_scope {
        repositories.push(sync_repository(ws, &campaign, &repo, options, states.clone()).await);
    }
    if campaign.state == CampaignState::Draft {
        ws.store
            .set_campaign_state(campaign.id, CampaignState::Active, &ws.actor.name)
            .await?;
    }
    ws.store.record_snapshot(campaign.id, ws.now.date()).await?;
    Ok(SyncReport {
        campaign: campaign.name,
        expired,
        repositories,
    })
}

/// Syncs one repository; failures end up in [`RepoSync::error`].
async fn sync_repository(
    ws: &Workspace,
    campaign: &Campaign,
    repo: &Repository,
    options: &SyncOptions,
    states: Option<Arc<StateIndex>>,
) -> RepoSync {
    let mut out = RepoSync {
        repository: repo.name.clone(),
        commit: None,
        branch: None,
        summary: SyncSummary::default(),
        undecided: Vec::new(),
        input_errors: Vec::new(),
        error: None,
    };
    if let Err(e) = sync_into(ws, campaign, repo, options, states, &mut out).await {
        out.error = Some(e.to_string());
    }
    out
}

async fn sync_into(
    ws: &Workspace,
    campaign: &Campaign,
    repo: &Repository,
    options: &SyncOptions,
    states: Option<Arc<StateIndex>>,
    out: &mut RepoSync,
) -> Result<(), WorkflowError> {
    let mirror = Mirror::open_or_clone(ws.mirror_dir(repo), &repo.url)?;
    mirror.fetch()?;
    let branch = match &repo.default_branch {
        Some(b) => b.clone(),
        None => mirror.default_branch()?,
    };
    let commit = mirror.branch(&branch)?.ok_or_else(|| {
        WorkflowError::Invalid(format!(
            "{} has no branch {branch}: set the repository's default branch",
            repo.name
        ))
    })?;
    out.branch = Some(branch);
    out.commit = Some(commit.clone());
    let worktree = mirror.worktree(&commit)?;
    let selection = selection(campaign);
    let root = worktree.path().to_path_buf();
    let repo_name = repo.name.clone();
    let sel = selection.clone();
    let findings = options.findings.clone();
    let ingest = options.ingest.clone();
    let state_specs = options.states.clone();
    let (scan, mapped) = tokio::task::spawn_blocking(move || match states {
        None => (scan_path(&root, &load_options(), &sel, &repo_name), None),
        Some(states) => {
            let report = map_findings(
                &root,
                &findings,
                &states,
                &MapOptions {
                    load: load_options(),
                    selection: sel,
                    repo: repo_name,
                    ingest,
                    states: state_specs,
                },
            );
            let mapped = report.findings();
            let mut scan = report.scan;
            scan.errors = report.errors;
            (scan, Some(mapped))
        }
    })
    .await
    .map_err(|e| WorkflowError::Invalid(format!("the scan of {} panicked: {e}", repo.name)))?;
    // Skipped inputs too: a link out of the repository is news to security.
    out.input_errors = scan.errors.iter().map(ToString::to_string).collect();
    let tracked: Vec<Tracked> = ws
        .store
        .violations(&ViolationQuery {
            campaign_id: Some(campaign.id),
            repository_id: Some(repo.id),
            ..ViolationQuery::default()
        })
        .await?
        .items
        .into_iter()
        .map(|v| Tracked {
            fingerprint: v.fingerprint,
            rule_id: v.rule_id,
            path: v.path,
            root_module: v.root_module,
            status: v.status,
        })
        .collect();
    let observed = match &mapped {
        None => observe(&scan, &selection, &tracked),
        Some(findings) => {
            let files = scan.project.files();
            let mut seen = std::collections::BTreeSet::new();
            Observed {
                seen: findings
                    .iter()
                    .filter(|f| {
                        find_rule(f.rule_id.as_str()).is_some_and(|r| selection.includes(r.meta()))
                            && seen.insert(f.fingerprint.to_string())
                    })
                    .map(|f| observation(&files, f))
                    .collect(),
                ..Observed::default()
            }
        }
    };
    let (mut owners, warnings) = Owners::new(
        worktree.path(),
        mirror.path(),
        &commit,
        campaign.default_assignee.clone(),
    );
    out.input_errors.extend(warnings);
    let seen: Vec<Observation> = observed
        .seen
        .into_iter()
        .map(|mut o| {
            if let Some((owner, source)) = owners.owner(&o.path, o.start_line, o.end_line) {
                o.owner = Some(owner);
                o.owner_source = Some(source);
            }
            o.due_date = campaign
                .due_days
                .get(&o.severity)
                .map(|days| (ws.now + Duration::days(i64::from(*days))).date());
            o
        })
        .collect();
    drop(worktree);
    out.undecided = observed.undecided;
    out.summary = ws
        .store
        .apply_sync(
            &SyncBatch {
                campaign_id: campaign.id,
                repository_id: repo.id,
                commit,
                now: ws.now,
                seen,
                fixed: observed.fixed,
            },
            &ws.actor.name,
        )
        .await?;
    Ok(())
}
