//! Campaigns: which rules and repositories they track, and how far along they are.

use super::Id;
use driftless_diagnostics::Severity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::OffsetDateTime;

keyword_enum! {
    /// Where a campaign stands.
    CampaignState, "campaign state" {
        /// Created, not yet synced.
        Draft => "draft",
        /// Synced at least once; violations are tracked.
        Active => "active",
        /// Closed: kept for reports, no longer synced.
        Closed => "closed",
    }
}

/// Which rules a campaign tracks, in `scan`'s terms (`--select`, `--ignore`, `--severity`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSelector {
    /// Rule ids or prefixes (`aws-ec2-`); empty means every rule.
    pub select: Vec<String>,
    /// Rule ids or prefixes left out.
    pub ignore: Vec<String>,
    /// The least severity tracked.
    pub min_severity: Option<Severity>,
}

/// A named remediation effort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    /// Row id.
    pub id: Id,
    /// Unique name; also the branch name part: `driftless/<name>`. Lowercase letters,
    /// digits and `-`.
    pub name: String,
    /// What the campaign is for: "Require IMDSv2 everywhere".
    pub description: String,
    /// The rules in scope.
    pub rules: RuleSelector,
    /// Repository name globs in scope (`infra-*`); empty means every registered repository.
    pub repositories: Vec<String>,
    /// Days from first seen to due, per severity; a severity without entry has no due date.
    pub due_days: BTreeMap<Severity, u32>,
    /// Who owns a violation that neither CODEOWNERS nor blame assigns.
    pub default_assignee: Option<String>,
    /// Draft, active or closed.
    pub state: CampaignState,
    /// Whether inline suppressions (self-suppressed, not approved) count as excepted in
    /// progress figures (issue 5 scope 7); they are always listed.
    pub count_suppressed: bool,
    /// The user who created it.
    pub created_by: String,
    /// When it was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A campaign to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCampaign {
    /// Unique name.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// The rules in scope.
    pub rules: RuleSelector,
    /// Repository name globs.
    pub repositories: Vec<String>,
    /// Days to due per severity.
    pub due_days: BTreeMap<Severity, u32>,
    /// Default assignee.
    pub default_assignee: Option<String>,
    /// See [`Campaign::count_suppressed`].
    pub count_suppressed: bool,
}
