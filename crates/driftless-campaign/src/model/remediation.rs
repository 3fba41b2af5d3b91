//! Remediations: the pull request or pushed branch that carries a campaign's fixes.

use super::Id;
use driftless_diagnostics::Verification;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::OffsetDateTime;

keyword_enum! {
    /// The state of a remediation's pull request on its forge.
    PullRequestState, "pull request state" {
        /// Pushed, no pull request (push-only forge, or not opened yet).
        None => "none",
        /// Open for review.
        Open => "open",
        /// Closed without merging.
        Closed => "closed",
        /// Merged.
        Merged => "merged",
    }
}

/// The pull request (or pushed branch) that carries one campaign's fixes for one
/// repository, or one owner in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remediation {
    /// Row id.
    pub id: Id,
    /// Its campaign.
    pub campaign_id: Id,
    /// Its repository.
    pub repository_id: Id,
    /// The owner it was grouped by (`--group-by owner`), or empty for one per repository.
    pub group_key: String,
    /// The branch: `driftless/<campaign>[/<owner>]`.
    pub branch: String,
    /// The branch it targets.
    pub base_branch: String,
    /// The commit driftless last pushed; the lease for the next push.
    pub pushed_commit: Option<String>,
    /// The pull request's web URL, or the compare URL for push-only.
    pub url: Option<String>,
    /// The pull request's number on its forge (GitLab's `iid`).
    pub number: Option<i64>,
    /// The pull request's state.
    pub state: PullRequestState,
    /// The merge commit, once merged.
    pub merge_commit: Option<String>,
    /// The violations it carries.
    pub violation_ids: Vec<Id>,
    /// When it was first pushed.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it was last pushed or refreshed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// A push (and pull request) to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemediationRecord {
    /// The campaign.
    pub campaign_id: Id,
    /// The repository.
    pub repository_id: Id,
    /// Group key (see [`Remediation::group_key`]).
    pub group_key: String,
    /// Branch.
    pub branch: String,
    /// Base branch.
    pub base_branch: String,
    /// The commit just pushed.
    pub pushed_commit: String,
    /// Pull request or compare URL.
    pub url: Option<String>,
    /// Pull request number.
    pub number: Option<i64>,
    /// Pull request state.
    pub state: PullRequestState,
    /// The violations the push carries: set `in_review` when `state` is open, else
    /// `fix_proposed` (only those still outstanding).
    pub violation_ids: Vec<Id>,
    /// What Terraform's plan said each carried violation's fix does, by violation id; it
    /// replaces the violation's stored `fix_verification` (a carried violation without an
    /// entry is left without one: its fix was not verified in this push).
    pub verifications: BTreeMap<Id, Verification>,
    /// The time of the push.
    pub now: OffsetDateTime,
}
