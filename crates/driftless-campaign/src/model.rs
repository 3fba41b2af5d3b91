//! The campaign model as the store keeps it: what the CLI, the web UI and reports read.
//!
//! Times are UTC ([`OffsetDateTime`]), dates are calendar days ([`Date`]). Ids are the
//! store's own 64-bit row ids. Nothing here holds an attribute value from a state file:
//! a violation keeps its location, its fix as a diff and its notes, never the values.

use driftless_diagnostics::{Applicability, ResourceAddress, RuleId, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use time::{Date, OffsetDateTime};

// Calendar days as `YYYY-MM-DD` in JSON (`time`'s own serde form is a tuple).
time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// Serde for a value kept as its text (`Display`, `FromStr`) in JSON: a resource address,
/// whose own serde form is a structure.
pub(crate) mod as_text {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};
    use std::fmt::Display;
    use std::str::FromStr;

    /// Serialises `value` as its text.
    pub(crate) fn serialize<T: Display, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(value)
    }

    /// Parses a text.
    pub(crate) fn deserialize<'de, T, D>(d: D) -> Result<T, D::Error>
    where
        T: FromStr,
        T::Err: Display,
        D: Deserializer<'de>,
    {
        String::deserialize(d)?.parse().map_err(D::Error::custom)
    }

    /// The same for a list: an array of texts.
    pub(crate) mod vec {
        use super::*;

        /// Serialises `values` as an array of their texts.
        pub(crate) fn serialize<T: Display, S: Serializer>(
            values: &[T],
            s: S,
        ) -> Result<S::Ok, S::Error> {
            s.collect_seq(values.iter().map(ToString::to_string))
        }

        /// Parses an array of texts.
        pub(crate) fn deserialize<'de, T, D>(d: D) -> Result<Vec<T>, D::Error>
        where
            T: FromStr,
            T::Err: Display,
            D: Deserializer<'de>,
        {
            Vec::<String>::deserialize(d)?
                .iter()
                .map(|text| text.parse().map_err(D::Error::custom))
                .collect()
        }
    }
}

/// A row id in the store.
pub type Id = i64;

/// An error parsing one of the model's keyword enums from text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{value}`: expected one of {expected}")]
pub struct ParseKeywordError {
    /// What was being parsed: "role", "status".
    pub what: &'static str,
    /// The text given.
    pub value: String,
    /// The accepted words, comma-separated.
    pub expected: &'static str,
}

/// Declares a keyword enum stored as lowercase text, with `as_str`, `Display`, `FromStr`.
macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The word stored and shown.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ParseKeywordError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok(Self::$variant),)+
                    _ => Err(ParseKeywordError {
                        what: $what,
                        value: s.to_owned(),
                        expected: concat!($($text, " "),+),
                    }),
                }
            }
        }
    };
}

keyword_enum! {
    /// What a user may do. `admin` and `security` approve exceptions; `developer` requests
    /// them, proposes fixes and reassigns; `viewer` reads.
    Role, "role" {
        /// Everything, including managing users.
        Admin => "admin",
        /// Approves and denies exceptions, runs campaigns.
        Security => "security",
        /// Requests exceptions, proposes fixes, reassigns violations.
        Developer => "developer",
        /// Reads only.
        Viewer => "viewer",
    }
}

impl Role {
    /// Whether the role may approve or deny exceptions (issue 5: "only by a user with the
    /// security role"; admins hold every right).
    #[must_use]
    pub fn can_decide_exceptions(self) -> bool {
        matches!(self, Self::Admin | Self::Security)
    }

    /// Whether the role may create, sync, propose and close campaigns.
    #[must_use]
    pub fn can_run_campaigns(self) -> bool {
        matches!(self, Self::Admin | Self::Security)
    }

    /// Whether the role may change violations (request exceptions, reassign, propose one).
    #[must_use]
    pub fn can_act_on_violations(self) -> bool {
        !matches!(self, Self::Viewer)
    }
}

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
    /// Where an exception request stands.
    ExceptionState, "exception state" {
        /// Waiting for a security user.
        Requested => "requested",
        /// Approved: the violation is excepted until `expires_at`.
        Approved => "approved",
        /// Denied: the violation stays as it was.
        Denied => "denied",
        /// Was approved, and its expiry passed: the violation reopened.
        Expired => "expired",
    }
}

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

/// The longest exception reason accepted, in characters.
pub const MAX_REASON_CHARS: usize = 4000;

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

/// A person who uses driftless.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Row id.
    pub id: Id,
    /// Unique login name: `alice`.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// The identities their commits and CODEOWNERS entries use: e-mails, `@handles`,
    /// `@org/team` handles; matched case-insensitively for "my violations".
    pub git_identities: Vec<String>,
    /// What they may do.
    pub role: Role,
    /// When the user was added.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl User {
    /// Whether `owner` (a CODEOWNERS handle, an e-mail, a user name) names this user.
    #[must_use]
    pub fn is(&self, owner: &str) -> bool {
        owner.eq_ignore_ascii_case(&self.name)
            || owner.eq_ignore_ascii_case(&self.email)
            || self
                .git_identities
                .iter()
                .any(|i| i.eq_ignore_ascii_case(owner))
    }
}

/// A user to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    /// Unique login name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Commit and CODEOWNERS identities.
    pub git_identities: Vec<String>,
    /// Role.
    pub role: Role,
    /// An argon2 PHC string for web login, when the user has a password.
    pub password_hash: Option<String>,
}

/// A git repository campaigns scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repository {
    /// Row id.
    pub id: Id,
    /// Unique short name, used in fingerprints and branch listings: `infra-prod`.
    pub name: String,
    /// Where to fetch and push: a local path or any git URL.
    pub url: String,
    /// The branch campaigns scan and target; `None` means the remote's HEAD.
    pub default_branch: Option<String>,
    /// The forge kind: `github`, `gitlab`, `gitea` or `push-only`.
    pub forge: String,
    /// The forge API base URL (`https://api.github.com`), when not the kind's default.
    pub api_url: Option<String>,
    /// The repository's path on the forge: `owner/name` (GitHub, Gitea) or
    /// `group/subgroup/name` (GitLab).
    pub slug: Option<String>,
    /// When it was registered.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A repository to register, or to update by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRepository {
    /// Unique short name.
    pub name: String,
    /// Local path or git URL.
    pub url: String,
    /// Default branch, or `None` for the remote's HEAD.
    pub default_branch: Option<String>,
    /// Forge kind (see [`Repository::forge`]).
    pub forge: String,
    /// Forge API base URL.
    pub api_url: Option<String>,
    /// Path on the forge.
    pub slug: Option<String>,
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

/// A finding tracked over time in one campaign (DESIGN.md glossary, "violation").
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

/// The pull request (or pushed branch) that carries one campaign's fixes for one
/// repository, or one owner in it (DESIGN.md glossary, "remediation").
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
    /// The time of the push.
    pub now: OffsetDateTime,
}

/// A request to accept a violation, and its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exception {
    /// Row id.
    pub id: Id,
    /// The campaign.
    pub campaign_id: Id,
    /// The violation it was requested for.
    pub violation_id: Id,
    /// The violation's fingerprint: the exception follows it across syncs and campaigns
    /// (while approved and unexpired, any campaign's violation with this fingerprint is
    /// `excepted`).
    pub fingerprint: String,
    /// Why.
    pub reason: String,
    /// Who asked.
    pub requester: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub requested_at: OffsetDateTime,
    /// When the acceptance ends.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// Where it stands.
    pub state: ExceptionState,
    /// Who approved or denied it.
    pub approver: Option<String>,
    /// When.
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
    /// The approver's comment.
    pub decision_note: Option<String>,
}

/// An exception to request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewException {
    /// The violation.
    pub violation_id: Id,
    /// Why.
    pub reason: String,
    /// Who asks.
    pub requester: String,
    /// When it would end.
    pub expires_at: OffsetDateTime,
    /// Now.
    pub now: OffsetDateTime,
}

/// Which exceptions to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExceptionQuery {
    /// The campaign; `None` for all.
    pub campaign_id: Option<Id>,
    /// The violation; `None` for all.
    pub violation_id: Option<Id>,
    /// Any of these states; empty for all.
    pub states: Vec<ExceptionState>,
}

/// A campaign's counts on one day, for burndown charts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The campaign.
    pub campaign_id: Id,
    /// The day (UTC).
    #[serde(with = "iso_date")]
    pub day: Date,
    /// Violations per status that day (every status present, zeros included).
    pub counts: BTreeMap<ViolationStatus, u64>,
}

/// One entry of the append-only audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Row id.
    pub id: Id,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The user (or `driftless` for syncs run without a user).
    pub actor: String,
    /// What: `campaign.create`, `violation.status`, `exception.approve`...
    pub action: String,
    /// The campaign it concerns.
    pub campaign_id: Option<Id>,
    /// What it concerns: `violation:12`, `exception:3`, `user:alice`.
    pub subject: String,
    /// The change: for a status change `{"from": "open", "to": "fixed", "commit": "..."}`.
    pub detail: serde_json::Value,
}

/// Which audit entries to list, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// The campaign.
    pub campaign_id: Option<Id>,
    /// The subject (`violation:12`).
    pub subject: Option<String>,
    /// At most this many; 0 means no limit.
    pub limit: u32,
}

/// A web login: the browser holds a random 256-bit id in a cookie; the store keeps only its
/// SHA-256 (`id_hash`), so a read of the database does not give anyone a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Row id.
    pub id: Id,
    /// Lowercase hex SHA-256 of the cookie's id (64 hex digits).
    pub id_hash: String,
    /// The user logged in.
    pub user: User,
    /// The session's CSRF token: every cookie-authenticated form sends it back.
    pub csrf_token: String,
    /// When the user logged in.
    pub created_at: OffsetDateTime,
    /// When the session ends (the cookie is refused from then on).
    pub expires_at: OffsetDateTime,
}

/// A session to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// Lowercase hex SHA-256 of the cookie's id.
    pub id_hash: String,
    /// The user's name.
    pub user: String,
    /// The CSRF token.
    pub csrf_token: String,
    /// Now.
    pub created_at: OffsetDateTime,
    /// When it ends.
    pub expires_at: OffsetDateTime,
}

/// An API token for CI (`Authorization: Bearer ...`); the store keeps only its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    /// Row id.
    pub id: Id,
    /// What it is for: `ci-infra-prod`. Unique among the user's live tokens.
    pub name: String,
    /// The user it acts as.
    pub user: String,
    /// Lowercase hex SHA-256 of the token (64 hex digits); never the token itself.
    #[serde(skip)]
    pub token_hash: String,
    /// When it was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it was last used (recorded at most once a minute).
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
    /// When it was revoked: it no longer authenticates.
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
}

/// An API token to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiToken {
    /// Its name.
    pub name: String,
    /// The user it acts as.
    pub user: String,
    /// Lowercase hex SHA-256 of the token.
    pub token_hash: String,
    /// Now.
    pub created_at: OffsetDateTime,
}
