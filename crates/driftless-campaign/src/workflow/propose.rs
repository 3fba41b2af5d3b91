//! `campaign propose` (issue 5 scope 5): for each repository (or each owner in it), apply
//! the campaign's fixes in a temporary worktree off the default branch, gate them, commit,
//! push `driftless/<campaign>[/<owner>]`, and open or update the pull request.
//!
//! Every fix is checked by Terraform when [`ProposeOptions::verify`] says so
//! (`docs/architecture.md` §3.7): a fix Terraform refuses is left out with Terraform's
//! message, and each fix carried keeps what its plan does, in the pull request body and on
//! its violation.
//!
//! Order of work, so that any failure can simply be run again: the worktree is removed
//! whatever happens; nothing is written to the store before the push succeeds; the push is
//! recorded right after it succeeds (so the next run's lease names it), then the pull request
//! is opened or updated and recorded. A branch that exists on the remote and that driftless
//! did not push (no record, and its head commit lacks this campaign's trailer) is never
//! overwritten.

pub use super::pull_request::{CAMPAIGN_TRAILER, commit_message, pull_request_body};

use super::{WorkflowError, Workspace, branch_name, load_options, selection};
use crate::model::{
    Campaign, Id, PullRequestState, RemediationRecord, Repository, Violation, ViolationQuery,
    ViolationStatus,
};
use driftless_diagnostics::{Applicability, Verification};
use driftless_fix::{FixOptions, Verify, fix_repository};
use driftless_vcs::forge::{self, ForgeKind, NewPullRequest, RemoteUrl};
use driftless_vcs::git::{Mirror, Signature};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What to propose.
#[derive(Debug, Clone)]
pub struct ProposeOptions {
    /// The least applicability applied (`safe`, or `review` to include fixes that need a
    /// human's review).
    pub applicability: Applicability,
    /// One branch per owner instead of one per repository.
    pub group_by_owner: bool,
    /// Only these violations (row ids); `None` for every outstanding one.
    pub violations: Option<Vec<Id>>,
    /// Only these repositories (names); empty for all of the campaign's.
    pub repositories: Vec<String>,
    /// Whether Terraform checks the fixes: [`Verify::With`] plans each, and the pull request
    /// gives each plan; [`Verify::Unavailable`] says in the pull request that verification
    /// was skipped, and why; [`Verify::No`] (the default) says nothing of it.
    pub verify: Verify,
}

impl Default for ProposeOptions {
    fn default() -> Self {
        Self {
            applicability: Applicability::Safe,
            group_by_owner: false,
            violations: None,
            repositories: Vec::new(),
            verify: Verify::No,
        }
    }
}

/// What `propose` did for one branch.
#[derive(Debug, Clone, Serialize)]
pub struct ProposeOutcome {
    /// The repository name.
    pub repository: String,
    /// The branch.
    pub branch: String,
    /// The commit pushed, when something was.
    pub commit: Option<String>,
    /// The pull request URL, or the compare URL for push-only forges.
    pub url: Option<String>,
    /// The violations the branch fixes.
    pub fixed: Vec<Id>,
    /// Violations of the group whose fix was not applied, with why (no fix, below the
    /// applicability, refused by the gate).
    pub skipped: Vec<(Id, String)>,
    /// Why the branch could not be proposed, when it could not.
    pub error: Option<String>,
    /// Whether the branch already held exactly these fixes, so nothing was pushed.
    pub unchanged: bool,
}

/// Proposes fixes for campaign `name`.
///
/// Proposing a campaign's fixes wholesale takes a role that runs campaigns (security,
/// admin); proposing chosen violations (`options.violations`, as the web UI's "propose"
/// button does) is open to every role that acts on violations (developers too).
///
/// # Errors
/// [`WorkflowError::Forbidden`] unless the actor may run campaigns, or, for chosen
/// violations, act on violations; store errors. Failures of one branch are in its outcome;
/// the others go on.
pub async fn propose(
    ws: &Workspace,
    name: &str,
    options: &ProposeOptions,
) -> Result<Vec<ProposeOutcome>, WorkflowError> {
    if options.violations.is_none() || !ws.actor.role.can_act_on_violations() {
        ws.require_campaign_role("propose fixes")?;
    }
    let campaign = ws.store.campaign(name).await?;
    if campaign.state == crate::model::CampaignState::Closed {
        return Err(WorkflowError::Invalid(format!("campaign {name} is closed")));
    }
    let repositories = ws.repositories_of(&campaign).await?;
    check_choices(ws, &campaign, &repositories, options).await?;
    let mut outcomes = Vec::new();
    for repo in repositories {
        if !options.repositories.is_empty() && !options.repositories.contains(&repo.name) {
            continue;
        }
        let eligible = outstanding(ws, &campaign, &repo).await?;
        let chosen = eligible.iter().filter(|v| {
            options
                .violations
                .as_ref()
                .is_none_or(|ids| ids.contains(&v.id))
        });
        let mut groups: BTreeMap<String, Vec<Violation>> = BTreeMap::new();
        for v in chosen.cloned() {
            let key = if options.group_by_owner {
                v.owner.clone().unwrap_or_default()
            } else {
                String::new()
            };
            groups.entry(key).or_default().push(v);
        }
        for (group, violations) in groups {
            let branch = branch_name(&campaign.name, &group);
            let mut outcome = ProposeOutcome {
                repository: repo.name.clone(),
                branch: branch.clone(),
                commit: None,
                url: None,
                fixed: Vec::new(),
                skipped: Vec::new(),
                error: None,
                unchanged: false,
            };
            if let Err(e) = propose_group(
                ws,
                &campaign,
                &repo,
                (&group, violations),
                &eligible,
                options,
                &mut outcome,
            )
            .await
            {
                outcome.error = Some(e.to_string());
            }
            outcomes.push(outcome);
        }
    }
    Ok(outcomes)
}

/// Checks the repositories and violations `options` chooses: each must be in the campaign,
/// and each violation outstanding and eligible for a pull request.
async fn check_choices(
    ws: &Workspace,
    campaign: &Campaign,
    repositories: &[Repository],
    options: &ProposeOptions,
) -> Result<(), WorkflowError> {
    for name in &options.repositories {
        if !repositories.iter().any(|r| &r.name == name) {
            return Err(WorkflowError::Invalid(format!(
                "campaign {} covers no repository {name} (see `driftless repo list` and the campaign's patterns)",
                campaign.name
            )));
        }
    }
    for id in options.violations.iter().flatten() {
        let v = match ws.store.violation(*id).await {
            Ok(v) => v,
            Err(crate::store::StoreError::NotFound { .. }) => {
                return Err(WorkflowError::Invalid(format!("no violation {id}")));
            }
            Err(e) => return Err(e.into()),
        };
        let why = if v.campaign_id != campaign.id {
            Some("belongs to another campaign".to_owned())
        } else if !v.status.is_outstanding() {
            Some(format!(
                "is {}: only open, fix proposed or in review violations are proposed",
                v.status
            ))
        } else if v.suppression.is_some() && !campaign.count_suppressed {
            Some(
                "is self-suppressed by an inline comment, and the campaign does not count those"
                    .to_owned(),
            )
        } else {
            None
        };
        if let Some(why) = why {
            return Err(WorkflowError::Invalid(format!(
                "violation {id} {why} (campaign {})",
                campaign.name
            )));
        }
    }
    Ok(())
}

/// The violations of `repo` a pull request may carry: outstanding (so not excepted), and
/// not self-suppressed unless the campaign counts suppressions.
async fn outstanding(
    ws: &Workspace,
    campaign: &Campaign,
    repo: &Repository,
) -> Result<Vec<Violation>, WorkflowError> {
    let page = ws
        .store
        .violations(&ViolationQuery {
            campaign_id: Some(campaign.id),
            repository_id: Some(repo.id),
            statuses: vec![
                ViolationStatus::Open,
                ViolationStatus::FixProposed,
                ViolationStatus::InReview,
            ],
            ..ViolationQuery::default()
        })
        .await?;
    Ok(page
        .items
        .into_iter()
        .filter(|v| campaign.count_suppressed || v.suppression.is_none())
        .collect())
}

/// The fingerprints of `repo`'s violations a human decided to leave (excepted, won't fix): no
/// fix of this campaign may change them, also not through a module another violation's block
/// shares (`FixOptions::keep`).
async fn decided(
    ws: &Workspace,
    campaign: &Campaign,
    repo: &Repository,
) -> Result<BTreeSet<String>, WorkflowError> {
    let page = ws
        .store
        .violations(&ViolationQuery {
            campaign_id: Some(campaign.id),
            repository_id: Some(repo.id),
            statuses: vec![ViolationStatus::Excepted, ViolationStatus::WontFix],
            ..ViolationQuery::default()
        })
        .await?;
    Ok(page.items.into_iter().map(|v| v.fingerprint).collect())
}

#[allow(clippy::too_many_lines)] // one straight sequence of steps, each commented
async fn propose_group(
    ws: &Workspace,
    campaign: &Campaign,
    repo: &Repository,
    (group, mut violations): (&str, Vec<Violation>),
    eligible: &[Violation],
    options: &ProposeOptions,
    outcome: &mut ProposeOutcome,
) -> Result<(), WorkflowError> {
    let mirror = Mirror::open_or_clone(ws.mirror_dir(repo), &repo.url)?;
    mirror.fetch()?;
    let base_branch = match &repo.default_branch {
        Some(b) => b.clone(),
        None => mirror.default_branch()?,
    };
    let base = mirror.branch(&base_branch)?.ok_or_else(|| {
        WorkflowError::Invalid(format!("{} has no branch {base_branch}", repo.name))
    })?;
    let branch = &outcome.branch;
    let remediations = ws.store.remediations(campaign.id).await?;
    let record = remediations
        .iter()
        .find(|r| r.repository_id == repo.id && r.group_key == group)
        .cloned();
    // Branches per repository and per owner cannot live side by side
    // (`driftless/<campaign>` would be a ref and a folder of refs at once).
    for other in remediations
        .iter()
        .filter(|r| r.repository_id == repo.id && r.group_key.is_empty() != group.is_empty())
    {
        if mirror.branch(&other.branch)?.is_some() {
            return Err(WorkflowError::Invalid(format!(
                "campaign {} already proposes through {} in {}; merge or close it and delete the branch before switching --group-by",
                campaign.name, other.branch, repo.name
            )));
        }
    }
    let remote_head = mirror.branch(branch)?;
    let pushed = record.as_ref().and_then(|r| r.pushed_commit.clone());
    let tip = format!("refs/remotes/origin/{base_branch}");
    // The lease. No branch (never pushed, or deleted after its merge): create it afresh. The
    // branch where driftless left it: move it. A branch driftless has no record of is
    // adopted only when its head carries this campaign's trailers (a run that failed before
    // recording). A recorded branch someone pushed onto is replaced only once their head is
    // merged into the default branch.
    let (expected, alive) = match &remote_head {
        None => (None, false),
        Some(head) if pushed.as_ref() == Some(head) => (Some(head.clone()), true),
        Some(head) => {
            if pushed.is_none() {
                if !is_ours(&mirror.commit_message(head)?, &campaign.name, &repo.name) {
                    return Err(WorkflowError::Invalid(format!(
                        "branch {branch} exists on {} and driftless did not create it; delete or rename it",
                        repo.name
                    )));
                }
                (Some(head.clone()), false)
            } else if mirror.is_ancestor(head, &tip)? {
                (Some(head.clone()), false)
            } else {
                return Err(WorkflowError::Invalid(format!(
                    "branch {branch} on {} has commits driftless did not push (its head is {}, driftless pushed {}): merge or close its pull request, or delete the branch, then run propose again",
                    repo.name,
                    short(head),
                    short(pushed.as_deref().unwrap_or_default())
                )));
            }
        }
    };
    // Proposing chosen violations adds them to what the live branch already carries.
    if let (true, Some(r)) = (options.violations.is_some() && alive, &record) {
        for v in eligible {
            if r.violation_ids.contains(&v.id) && !violations.iter().any(|x| x.id == v.id) {
                violations.push(v.clone());
            }
        }
    }
    // A merged or closed pull request is done: the next push opens a new one.
    let record = record.filter(|r| {
        alive && !matches!(r.state, PullRequestState::Merged | PullRequestState::Closed)
    });

    // Apply the fixes in a worktree off the default branch.
    let worktree = mirror.worktree(&base)?;
    let wanted: BTreeSet<String> = violations.iter().map(|v| v.fingerprint.clone()).collect();
    let keep = decided(ws, campaign, repo).await?;
    let fix_options = FixOptions {
        applicability: options.applicability,
        selection: selection(campaign),
        load: load_options(),
        repo: repo.name.clone(),
        write: true,
        verify: options.verify.clone(),
        states: Vec::new(),
        keep,
    };
    let root = worktree.path().to_path_buf();
    let fixed = tokio::task::spawn_blocking(move || {
        fix_repository(&root, &fix_options, &|f| {
            wanted.contains(f.fingerprint.as_str())
        })
        .map(|outcome| {
            let mut fixed: BTreeMap<String, Option<Verification>> = BTreeMap::new();
            for f in &outcome.fixed {
                fixed
                    .entry(f.fingerprint.to_string())
                    .or_insert_with(|| f.fix_verification.clone());
            }
            let refused: BTreeMap<String, String> = outcome
                .refused
                .iter()
                .map(|r| (r.finding.fingerprint.to_string(), r.reason.clone()))
                .collect();
            (fixed, refused)
        })
    })
    .await
    .map_err(|e| WorkflowError::Invalid(format!("applying fixes panicked: {e}")))??;
    let (fixed_fps, refused) = fixed;
    for v in &mut violations {
        if let Some(verification) = fixed_fps.get(&v.fingerprint) {
            v.fix_verification.clone_from(verification);
        }
    }
    let fixed: Vec<&Violation> = violations
        .iter()
        .filter(|v| fixed_fps.contains_key(&v.fingerprint))
        .collect();
    for v in violations
        .iter()
        .filter(|v| !fixed_fps.contains_key(&v.fingerprint))
    {
        let why = refused.get(&v.fingerprint).cloned().unwrap_or_else(|| {
            match v.fix_applicability {
                None => "no fix can be generated: see the recommendation".to_owned(),
                Some(Applicability::Manual) => "the fix is manual: see its note".to_owned(),
                Some(a) => format!(
                    "the fix needs `--applicability {a}` (or the code changed since the last sync)"
                ),
            }
        });
        outcome.skipped.push((v.id, why));
    }
    if fixed.is_empty() {
        return Ok(());
    }
    let signature = Signature {
        name: &ws.actor.name,
        email: &ws.actor.email,
    };
    let message = commit_message(campaign, repo, &fixed);
    let Some(commit) = worktree.commit_all(&message, signature)? else {
        return Ok(());
    };
    // Nothing new since the last push (same files): no push, so no new CI run or
    // notification; the pull request is still refreshed below.
    let unchanged = match (&remote_head, alive) {
        (Some(head), true) => mirror.tree_of(head)? == mirror.tree_of(&commit)?,
        _ => false,
    };
    let commit = if let (true, Some(head)) = (unchanged, &remote_head) {
        head.clone()
    } else {
        mirror.push_branch(&commit, branch, expected.as_deref())?;
        commit
    };
    outcome.unchanged = unchanged;
    drop(worktree);
    outcome.commit = Some(commit.clone());
    outcome.fixed = fixed.iter().map(|v| v.id).collect();

    // Recorded at once, so that a failure below leaves the next run the right lease.
    let mut recorded = RemediationRecord {
        campaign_id: campaign.id,
        repository_id: repo.id,
        group_key: group.to_owned(),
        branch: branch.clone(),
        base_branch: base_branch.clone(),
        pushed_commit: commit,
        url: record.as_ref().and_then(|r| r.url.clone()),
        number: record.as_ref().and_then(|r| r.number),
        state: record.as_ref().map_or(PullRequestState::None, |r| r.state),
        violation_ids: outcome.fixed.clone(),
        verifications: fixed
            .iter()
            .filter_map(|v| Some((v.id, v.fix_verification.clone()?)))
            .collect(),
        now: ws.now,
    };
    ws.store
        .record_remediation(&recorded, &ws.actor.name)
        .await?;

    let title = format!(
        "driftless: {} ({} violation{})",
        if campaign.description.is_empty() {
            &campaign.name
        } else {
            &campaign.description
        },
        fixed.len(),
        if fixed.len() == 1 { "" } else { "s" }
    );
    let body = pull_request_body(campaign, &fixed, &outcome.skipped);
    let pr = open_pull_request(
        repo,
        &NewPullRequest {
            title,
            body,
            head: branch.clone(),
            base: base_branch,
        },
    )
    .await?;
    recorded.url.clone_from(&pr.0);
    recorded.number = pr.1;
    recorded.state = pr.2;
    outcome.url = pr.0;
    ws.store
        .record_remediation(&recorded, &ws.actor.name)
        .await?;
    Ok(())
}

/// The forge kind of `repo`.
///
/// # Errors
/// [`WorkflowError::Invalid`] for a kind driftless does not know.
pub fn forge_kind(repo: &Repository) -> Result<ForgeKind, WorkflowError> {
    repo.forge.parse().map_err(|_| {
        WorkflowError::Invalid(format!(
            "repository {} has an unknown forge kind `{}`: expected github, gitlab, gitea or push-only",
            repo.name, repo.forge
        ))
    })
}

/// The API client of `repo`'s forge, `None` for push-only. The repository path is the
/// configured slug or the one in its URL; the API URL the configured one, the kind's default,
/// or the one its host suggests; the token comes from the kind's environment variable.
///
/// # Errors
/// [`WorkflowError::Invalid`] without a repository path; [`WorkflowError::Forge`] without a
/// token.
pub fn forge_client(repo: &Repository) -> Result<Option<Box<dyn forge::Forge>>, WorkflowError> {
    let kind = forge_kind(repo)?;
    if kind == ForgeKind::PushOnly {
        return Ok(None);
    }
    let remote = RemoteUrl::parse(&repo.url);
    let slug = repo
        .slug
        .clone()
        .or_else(|| remote.as_ref().map(|r| r.repository().to_owned()))
        .ok_or_else(|| {
            WorkflowError::Invalid(format!(
                "repository {}: no owner/name for the {kind} API; register it with --slug",
                repo.name
            ))
        })?;
    let api_url = repo.api_url.clone().or_else(|| {
        kind.default_api_url()
            .map(str::to_owned)
            .filter(|_| {
                remote.as_ref().is_none_or(|r| {
                    r.host().eq_ignore_ascii_case("github.com")
                        || r.host().eq_ignore_ascii_case("gitlab.com")
                })
            })
            .or_else(|| remote.as_ref().and_then(|r| kind.api_url_for(r)))
    });
    Ok(forge::connect(kind, api_url.as_deref(), &slug, None)?)
}

/// The stored state of a forge's pull request state, with its merge commit.
#[must_use]
pub fn stored_state(state: &forge::PullRequestState) -> (PullRequestState, Option<String>) {
    match state {
        forge::PullRequestState::Open => (PullRequestState::Open, None),
        forge::PullRequestState::Closed => (PullRequestState::Closed, None),
        forge::PullRequestState::Merged { merge_commit } => {
            (PullRequestState::Merged, merge_commit.clone())
        }
    }
}

/// Opens or updates the pull request of `new.head` (never a duplicate); for push-only, the
/// compare URL. Returns (URL, number, state).
async fn open_pull_request(
    repo: &Repository,
    new: &NewPullRequest,
) -> Result<(Option<String>, Option<i64>, PullRequestState), WorkflowError> {
    match forge_client(repo)? {
        None => Ok((
            forge::push_only::compare_url(&repo.url, &new.base, &new.head),
            None,
            PullRequestState::None,
        )),
        Some(client) => {
            let (pr, _) = client.open_or_update(new).await?;
            Ok((
                Some(pr.url),
                i64::try_from(pr.number).ok(),
                stored_state(&pr.state).0,
            ))
        }
    }
}

/// Whether a commit message carries the trailers of `campaign` in `repo`.
fn is_ours(message: &str, campaign: &str, repo: &str) -> bool {
    message
        .lines()
        .any(|l| l.trim() == format!("{CAMPAIGN_TRAILER}: {campaign}"))
        && message
            .lines()
            .any(|l| l.trim() == format!("Driftless-Repository: {repo}"))
}

/// The first 12 hex digits of a commit id.
fn short(commit: &str) -> &str {
    &commit[..commit.len().min(12)]
}
