//! Violations: a finding tracked over time in one campaign, what a sync writes of it, and how
//! listings and counts read it.

use super::{Id, as_text, iso_date};
use driftless_diagnostics::{Applicability, ResourceAddress, RuleId, Severity, Verification};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

keyword_enum! {
    /// Where a violation stands (issue 5: open -> fix proposed -> in review -> fixed, or
    /// excepted, or won't fix).
    ViolationStatus, "violation status" {
        /// Seen by the last sync, nobody working on it.
        Open => "open",
        /// A fix was pushed to the campaign's branch.
        FixProposed => "fix_proposed",
        /// The pull request carrying the fix is open.
        InReview => "in_review",
        /// A sync of the default branch found its file parsed, its rule ran and did not fire.
        Fixed => "fixed",
        /// An approved, unexpired exception covers it.
        Excepted => "excepted",
        /// Security decided not to fix it.
        WontFix => "wont_fix",
    }
}

impl ViolationStatus {
    /// Whether the violation still needs work (open, fix proposed or in review).
    #[must_use]
    pub fn is_outstanding(self) -> bool {
        matches!(self, Self::Open | Self::FixProposed | Self::InReview)
    }
}

keyword_enum! {
    /// How a violation's owner was decided (issue 5 scope 4), so a manual assignment
    /// survives the next sync.
    OwnerSource, "owner source" {
        /// The last matching CODEOWNERS pattern.
        Codeowners => "codeowners",
        /// The author of most of the offending lines (`git blame`).
        Blame => "blame",
        /// The campaign's default assignee.
        Default => "default",
        /// Assigned by a user (`violation assign`, the web UI); never overwritten by a sync.
        Manual => "manual",
    }
}

/// The longest owner accepted, in characters: CODEOWNERS handles and e-mails are far
/// shorter, and owners are shown in every row of a campaign's table.
pub const MAX_OWNER_CHARS: usize = 200;

/// Checks an owner given by hand (`violation assign`, the web UI's reassign): not empty, at
/// most [`MAX_OWNER_CHARS`], no control characters. Returns it trimmed.
///
/// # Errors
/// What is wrong with it.
pub fn check_owner(owner: &str) -> Result<&str, String> {
    let owner = owner.trim();
    if owner.is_empty() {
        Err("the owner is empty".to_owned())
    } else if owner.chars().count() > MAX_OWNER_CHARS {
        Err(format!(
            "the owner is longer than {MAX_OWNER_CHARS} characters"
        ))
    } else if owner.chars().any(char::is_control) {
        Err("the owner holds a control character".to_owned())
    } else {
        Ok(owner)
    }
}

/// A finding tracked over time in one campaign: it keeps its identity (the fingerprint)
/// across syncs while its location, fix and owner move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// Row id.
    pub id: Id,
    /// Its campaign.
    pub campaign_id: Id,
    /// Its repository.
    pub repository_id: Id,
    /// The identity: repository + root module + rule + block address (32 hex digits).
    /// Unique within a campaign.
    pub fingerprint: String,
    /// The rule: `aws-ec2-imdsv2-required`.
    pub rule_id: RuleId,
    /// The rule's severity.
    pub severity: Severity,
    /// What is wrong: "Instance accepts IMDSv1 requests".
    pub message: String,
    /// The block address, without instance keys: `module.web.aws_instance.this` (text in
    /// JSON).
    #[serde(with = "as_text")]
    pub address: ResourceAddress,
    /// The instance addresses that fired, sorted (texts in JSON).
    #[serde(with = "as_text::vec")]
    pub instances: Vec<ResourceAddress>,
    /// The root module, repository-relative (`.` for the root).
    pub root_module: String,
    /// The file to change, repository-relative with `/`.
    pub path: String,
    /// First line of the offending range, 1-based.
    pub start_line: u32,
    /// Last line of the offending range, 1-based, inclusive.
    pub end_line: u32,
    /// Module calls from the root module down to the resource, outermost first:
    /// `module.web (main.tf:12)`.
    pub call_chain: Vec<String>,
    /// The fix as a unified diff against the scanned commit, when edits could be generated.
    pub fix_diff: Option<String>,
    /// The fix's applicability: `safe`, `review` or `manual`.
    pub fix_applicability: Option<Applicability>,
    /// What the fix can break, or where its edit goes.
    pub impact_note: Option<String>,
    /// What to do when no edit can be generated.
    pub recommendation: Option<String>,
    /// What Terraform's plan said the fix does, from the last `campaign propose` that carried
    /// it (or why it was not verified); `None` before it is proposed, without verification,
    /// and once a sync sees a different fix.
    #[serde(default)]
    pub fix_verification: Option<Verification>,
    /// The inline suppression found in the code (self-suppressed, not approved), e.g.
    /// `checkov:skip=CKV_AWS_79 reason="legacy agent"`.
    pub suppression: Option<String>,
    /// Where it stands.
    pub status: ViolationStatus,
    /// Who owns it: a CODEOWNERS handle, an e-mail, or a user name.
    pub owner: Option<String>,
    /// How the owner was decided.
    pub owner_source: Option<OwnerSource>,
    /// When it is due.
    #[serde(with = "iso_date::option")]
    pub due_date: Option<Date>,
    /// First sync that saw it.
    #[serde(with = "time::serde::rfc3339")]
    pub first_seen: OffsetDateTime,
    /// Last sync that saw it at a new commit.
    #[serde(with = "time::serde::rfc3339")]
    pub last_seen: OffsetDateTime,
    /// The commit of the last sync that saw it (40 hex digits).
    pub scanned_commit: String,
    /// The commit whose sync found it fixed.
    pub fixed_commit: Option<String>,
    /// When a sync found it fixed.
    #[serde(with = "time::serde::rfc3339::option")]
    pub fixed_at: Option<OffsetDateTime>,
}

/// What one sync saw of one violation: everything of [`Violation`] that a scan decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// The fingerprint.
    pub fingerprint: String,
    /// Rule id.
    pub rule_id: RuleId,
    /// Severity.
    pub severity: Severity,
    /// Message.
    pub message: String,
    /// Block address.
    pub address: ResourceAddress,
    /// Instance addresses.
    pub instances: Vec<ResourceAddress>,
    /// Root module.
    pub root_module: String,
    /// File.
    pub path: String,
    /// First line, 1-based.
    pub start_line: u32,
    /// Last line, 1-based, inclusive.
    pub end_line: u32,
    /// Module call chain.
    pub call_chain: Vec<String>,
    /// Fix diff.
    pub fix_diff: Option<String>,
    /// Fix applicability.
    pub fix_applicability: Option<Applicability>,
    /// Impact note.
    pub impact_note: Option<String>,
    /// Recommendation.
    pub recommendation: Option<String>,
    /// Inline suppression.
    pub suppression: Option<String>,
    /// The owner ownership rules give (used unless a user assigned one by hand).
    pub owner: Option<String>,
    /// How that owner was decided.
    pub owner_source: Option<OwnerSource>,
    /// Due date from the campaign's due days, counted from first seen (the store keeps the
    /// due date of an existing violation).
    pub due_date: Option<Date>,
}

/// One sync of one repository in one campaign, written in one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncBatch {
    /// The campaign.
    pub campaign_id: Id,
    /// The repository.
    pub repository_id: Id,
    /// The commit scanned (40 hex digits).
    pub commit: String,
    /// The sync's time.
    pub now: OffsetDateTime,
    /// Every violation the scan saw: inserted as `open` (or `excepted` when an approved,
    /// unexpired exception, in any campaign, holds its fingerprint), or updated; a `fixed`
    /// one reopens (as `excepted` when such an exception holds it), an outstanding one whose
    /// fingerprint such an exception holds becomes `excepted`; an `excepted` one stays so
    /// (only [`Store::expire_exceptions`](crate::Store::expire_exceptions) reopens it).
    /// `last_seen` and `scanned_commit` move only when `commit` differs from the stored one.
    pub seen: Vec<Observation>,
    /// Fingerprints of tracked violations that the scan proved fixed (file parsed, rule ran,
    /// did not fire): set `fixed` with `commit`. Fingerprints not tracked are ignored.
    pub fixed: Vec<String>,
}

/// What a sync changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncSummary {
    /// New violations.
    pub new: u32,
    /// Violations whose location, fix or owner changed.
    pub updated: u32,
    /// Fixed violations seen again.
    pub reopened: u32,
    /// Violations now fixed.
    pub fixed: u32,
    /// Violations seen and unchanged (a new commit alone is no change).
    pub unchanged: u32,
}

/// The column a violation listing is sorted by; ties broken by id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViolationSort {
    /// Row id (insertion order).
    #[default]
    Id,
    /// Severity (critical first when descending).
    Severity,
    /// Rule id.
    Rule,
    /// File path, then line.
    Path,
    /// Owner, case-sensitive (unowned first when ascending).
    Owner,
    /// Due date (no due date last when ascending).
    Due,
    /// Status, by its stored word (`excepted` < `fix_proposed` < `fixed` < `in_review` <
    /// `open` < `wont_fix`).
    Status,
}

/// A filtered, sorted page of violations (keyset pagination).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViolationQuery {
    /// The campaign; `None` for every campaign.
    pub campaign_id: Option<Id>,
    /// Any of these statuses; empty for all.
    pub statuses: Vec<ViolationStatus>,
    /// Any of these severities; empty for all.
    pub severities: Vec<Severity>,
    /// Owned by any of these (case-insensitive); empty for all.
    pub owners: Vec<String>,
    /// In this repository.
    pub repository_id: Option<Id>,
    /// Of this rule, compared as text: an id that is not well-formed matches nothing.
    pub rule_id: Option<String>,
    /// With this fingerprint.
    pub fingerprint: Option<String>,
    /// Sort column.
    pub sort: ViolationSort,
    /// Descending order.
    pub descending: bool,
    /// The cursor of the previous page ([`Page::next`]).
    pub after: Option<String>,
    /// Page size; 0 means no limit.
    pub limit: u32,
}

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// The cursor for the next page, when there is one (opaque text).
    pub next: Option<String>,
}

/// A count of a campaign's violations grouped by every report dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountRow {
    /// Status.
    pub status: ViolationStatus,
    /// Severity.
    pub severity: Severity,
    /// Owner (`None`: unowned).
    pub owner: Option<String>,
    /// Repository name.
    pub repository: String,
    /// Rule id.
    pub rule_id: RuleId,
    /// Whether the group is overdue (outstanding with a due date before the given day).
    pub overdue: bool,
    /// Whether the group carries an inline suppression.
    pub suppressed: bool,
    /// How many violations.
    pub count: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn json_keeps_ids_addresses_and_applicability_as_text() {
        let v = Violation {
            id: 1,
            campaign_id: 2,
            repository_id: 3,
            fingerprint: "f".repeat(32),
            rule_id: RuleId::from_static("aws-ec2-imdsv2-required"),
            severity: Severity::High,
            message: "Instance accepts IMDSv1 requests".to_owned(),
            address: "module.web.aws_instance.this".parse().unwrap(),
            instances: vec![r#"module.web["eu"].aws_instance.this[0]"#.parse().unwrap()],
            root_module: ".".to_owned(),
            path: "main.tf".to_owned(),
            start_line: 1,
            end_line: 3,
            call_chain: Vec::new(),
            fix_diff: None,
            fix_applicability: Some(Applicability::Review),
            impact_note: None,
            recommendation: None,
            fix_verification: None,
            suppression: None,
            status: ViolationStatus::Open,
            owner: None,
            owner_source: None,
            due_date: None,
            first_seen: datetime!(2025-07-01 0:00 UTC),
            last_seen: datetime!(2025-07-01 0:00 UTC),
            scanned_commit: "1".repeat(40),
            fixed_commit: None,
            fixed_at: None,
        };
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(json["rule_id"], "aws-ec2-imdsv2-required");
        assert_eq!(json["address"], "module.web.aws_instance.this");
        assert_eq!(
            json["instances"],
            serde_json::json!([r#"module.web["eu"].aws_instance.this[0]"#])
        );
        assert_eq!(json["fix_applicability"], "review");
        let back: Violation = serde_json::from_value(json).unwrap();
        assert_eq!(back, v);
    }
}
