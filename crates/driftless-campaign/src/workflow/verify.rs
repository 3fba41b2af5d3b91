//! `campaign verify` (issue 5 scope 6): which remediations merged (the forge's state, or
//! for push-only the pushed commit reachable from the default branch), then a sync to see
//! which violations remain.

use super::propose::{forge_client, stored_state};
use super::sync::{SyncReport, sync};
use super::{WorkflowError, Workspace};
use crate::model::{PullRequestState, Remediation, ViolationQuery, ViolationStatus};
use driftless_vcs::git::Mirror;
use serde::Serialize;

/// One remediation's state after verification.
#[derive(Debug, Clone, Serialize)]
pub struct RemediationCheck {
    /// The repository name.
    pub repository: String,
    /// The remediation as stored after the check.
    pub remediation: Remediation,
    /// Why its state could not be checked, when it could not.
    pub error: Option<String>,
}

/// What `verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    /// Every remediation of the campaign.
    pub remediations: Vec<RemediationCheck>,
    /// The sync that followed.
    pub sync: SyncReport,
    /// Violations still outstanding after the sync.
    pub remaining: u64,
}

/// Verifies campaign `name`.
///
/// # Errors
/// As [`sync`]; a remediation that cannot be checked is reported in its entry.
pub async fn verify(ws: &Workspace, name: &str) -> Result<VerifyReport, WorkflowError> {
    ws.require_campaign_role("verify a campaign")?;
    let campaign = ws.store.campaign(name).await?;
    let mut remediations = Vec::new();
    for r in ws.store.remediations(campaign.id).await? {
        let repo = ws.store.repository_by_id(r.repository_id).await?;
        let mut check = RemediationCheck {
            repository: repo.name.clone(),
            remediation: r.clone(),
            error: None,
        };
        match state_of(ws, &repo, &r).await {
            Ok((state, merge_commit)) if state != r.state || merge_commit != r.merge_commit => {
                check.remediation = ws
                    .store
                    .set_remediation_state(r.id, state, merge_commit.as_deref(), &ws.actor.name)
                    .await?;
            }
            Ok(_) => {}
            Err(e) => check.error = Some(e.to_string()),
        }
        remediations.push(check);
    }
    let sync = sync(ws, name).await?;
    let remaining = ws
        .store
        .violations(&ViolationQuery {
            campaign_id: Some(campaign.id),
            statuses: ViolationStatus::ALL
                .iter()
                .copied()
                .filter(|s| s.is_outstanding())
                .collect(),
            ..ViolationQuery::default()
        })
        .await?
        .items
        .len() as u64;
    Ok(VerifyReport {
        remediations,
        sync,
        remaining,
    })
}

/// The state of a remediation's pull request: from the forge, or for push-only (and
/// forges that cannot say) from git: merged when the pushed commit is reachable from the
/// default branch.
async fn state_of(
    ws: &Workspace,
    repo: &crate::model::Repository,
    r: &Remediation,
) -> Result<(PullRequestState, Option<String>), WorkflowError> {
    if let (Some(client), Some(number)) = (forge_client(repo)?, r.number) {
        let number = u64::try_from(number)
            .map_err(|_| WorkflowError::Invalid(format!("pull request number {number}")))?;
        let pr = client.pull_request(number).await?;
        return Ok(stored_state(&pr.state));
    }
    let Some(pushed) = &r.pushed_commit else {
        return Ok((r.state, r.merge_commit.clone()));
    };
    let mirror = Mirror::open_or_clone(ws.mirror_dir(repo), &repo.url)?;
    mirror.fetch()?;
    let tip = format!("refs/remotes/origin/{}", r.base_branch);
    match mirror.merge_commit_of(pushed, &tip)? {
        Some(merge) => Ok((PullRequestState::Merged, Some(merge))),
        None => Ok((r.state, r.merge_commit.clone())),
    }
}
