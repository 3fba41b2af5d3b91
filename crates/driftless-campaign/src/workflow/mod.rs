//! The campaign workflow (issue 5): sync repositories into violations, propose fixes as
//! pull requests, verify them, over one [`Store`].
//!
//! Every step that touches a repository works in driftless's own mirror of it (under
//! `<data dir>/repos/`) and a temporary worktree, never in a user's working tree; the
//! worktree is removed whatever happens. Store writes happen after the git and forge work
//! they record, one transaction each, so a failed step can simply be run again.

pub mod observe;
pub mod propose;
pub mod pull_request;
pub mod sync;
pub mod verify;

use crate::model::{Campaign, Repository, Role, User};
use crate::store::{Store, StoreError};
use driftless_hcl::LoadOptions;
use driftless_rules::Selection;
use std::path::PathBuf;
use std::sync::Arc;
use time::OffsetDateTime;

pub use driftless_fix::Verify;
pub use propose::{ProposeOptions, ProposeOutcome, propose};
pub use sync::{RepoSync, SyncOptions, SyncReport, sync, sync_with};
pub use verify::{VerifyReport, verify};

/// Why a workflow step failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WorkflowError {
    /// The acting user's role does not allow the action.
    #[error("{actor} ({role}) may not {action}")]
    Forbidden {
        /// The user.
        actor: String,
        /// Their role.
        role: Role,
        /// What they tried: "approve an exception".
        action: &'static str,
    },
    /// The request itself is wrong (an empty reason, a closed campaign).
    #[error("{0}")]
    Invalid(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A git command failed.
    #[error(transparent)]
    Git(#[from] driftless_vcs::git::GitError),
    /// The forge API failed.
    #[error(transparent)]
    Forge(#[from] driftless_vcs::forge::ForgeError),
    /// Applying fixes failed (a file could not be written in the worktree).
    #[error(transparent)]
    Fix(#[from] driftless_fix::FixError),
}

/// Everything a workflow step needs: the store, where driftless keeps its mirrors, who acts
/// and when.
#[derive(Clone)]
pub struct Workspace {
    /// The store.
    pub store: Arc<dyn Store>,
    /// driftless's data folder (`.driftless` under the working directory by default):
    /// mirrors live in `repos/<repository>.git`.
    pub data_dir: PathBuf,
    /// The acting user.
    pub actor: User,
    /// The time of the step (fixed for a whole step, injectable for tests). Forge tokens
    /// come from the environment (`DRIFTLESS_GITHUB_TOKEN`, `DRIFTLESS_GITLAB_TOKEN`,
    /// `DRIFTLESS_GITEA_TOKEN`).
    pub now: OffsetDateTime,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("data_dir", &self.data_dir)
            .field("actor", &self.actor.name)
            .field("now", &self.now)
            .finish_non_exhaustive()
    }
}

impl Workspace {
    /// Fails with [`WorkflowError::Forbidden`] unless the actor may run campaigns.
    ///
    /// # Errors
    /// As above.
    pub fn require_campaign_role(&self, action: &'static str) -> Result<(), WorkflowError> {
        if self.actor.role.can_run_campaigns() {
            Ok(())
        } else {
            Err(WorkflowError::Forbidden {
                actor: self.actor.name.clone(),
                role: self.actor.role,
                action,
            })
        }
    }

    /// The mirror folder of `repo`.
    #[must_use]
    pub fn mirror_dir(&self, repo: &Repository) -> PathBuf {
        self.data_dir
            .join("repos")
            .join(format!("{}.git", repo.name))
    }

    /// The repositories registered in the store that `campaign` covers.
    ///
    /// # Errors
    /// Store errors; [`WorkflowError::Invalid`] for a glob that does not parse.
    pub async fn repositories_of(
        &self,
        campaign: &Campaign,
    ) -> Result<Vec<Repository>, WorkflowError> {
        let all = self.store.repositories().await?;
        if campaign.repositories.is_empty() {
            return Ok(all);
        }
        let mut set = globset::GlobSetBuilder::new();
        for pattern in &campaign.repositories {
            set.add(globset::Glob::new(pattern).map_err(|e| {
                WorkflowError::Invalid(format!("repository pattern `{pattern}`: {e}"))
            })?);
        }
        let set = set
            .build()
            .map_err(|e| WorkflowError::Invalid(e.to_string()))?;
        Ok(all.into_iter().filter(|r| set.is_match(&r.name)).collect())
    }
}

/// How campaigns load a repository: confined to it ([`LoadOptions::confine_to_root`]), since
/// whoever can push to a registered repository must not make driftless read server files.
#[must_use]
pub fn load_options() -> LoadOptions {
    LoadOptions {
        confine_to_root: true,
        ..LoadOptions::default()
    }
}

/// The rule selection a campaign scans with.
#[must_use]
pub fn selection(campaign: &Campaign) -> Selection {
    Selection {
        select: campaign.rules.select.clone(),
        ignore: campaign.rules.ignore.clone(),
        min_severity: campaign.rules.min_severity,
        ..Selection::default()
    }
}

/// The branch a campaign's fixes go to: `driftless/<campaign>`, or
/// `driftless/<campaign>/<owner>` with the owner made branch-safe (`@org/team` ->
/// `org-team`).
#[must_use]
pub fn branch_name(campaign: &str, group: &str) -> String {
    if group.is_empty() {
        return format!("driftless/{campaign}");
    }
    let mut slug = String::new();
    for c in group.trim_start_matches('@').chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches(['-', '.']).to_owned();
    format!("driftless/{campaign}/{slug}")
}

#[cfg(test)]
mod tests {
    use super::branch_name;

    #[test]
    fn branch_names_are_git_safe() {
        assert_eq!(branch_name("imdsv2", ""), "driftless/imdsv2");
        assert_eq!(
            branch_name("imdsv2", "@acme/net-team"),
            "driftless/imdsv2/acme-net-team"
        );
        assert_eq!(
            branch_name("imdsv2", "Bob@Example.com"),
            "driftless/imdsv2/bob-example.com"
        );
        assert_eq!(branch_name("x", "..lock"), "driftless/x/lock");
    }
}
