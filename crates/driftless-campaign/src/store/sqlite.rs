//! The SQLite backend: one file, WAL journal, foreign keys on, a busy timeout, and every
//! write in a `BEGIN IMMEDIATE` transaction so writers queue on the busy timeout instead of
//! failing half-way. Timestamps are stored as fixed-width UTC text (`ts`), so they compare
//! and sort as text.

use super::StoreResult;
use super::imp::{db_error, micros};
use sqlx::sqlite::{Sqlite as Db, SqlitePool, SqliteRow as DbRow};
use time::OffsetDateTime;
use time::format_description::FormatItem;
use time::macros::format_description;

/// The stored timestamp format: UTC, microseconds, fixed width (sorts as text).
const TS_FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// A campaign store in an SQLite file (the default: `.driftless/driftless.db`).
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Wraps an open pool; the caller configured it (see [`crate::store::open`]). Does not
    /// migrate: call [`Store::migrate`](super::Store::migrate).
    #[must_use]
    pub fn from_pool(pool: SqlitePool) -> Self {
        Self { pool }
    }

    /// The connection pool, for tests and tools that need raw SQL.
    #[must_use]
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    async fn run_migrations(pool: &SqlitePool) -> StoreResult<()> {
        sqlx::migrate!("./migrations/sqlite")
            .run(pool)
            .await
            .map_err(|e| super::StoreError::Database(format!("migrating the SQLite store: {e}")))
    }
}

/// A timestamp as stored: `2025-01-31T12:00:00.000000Z`.
fn ts(t: OffsetDateTime) -> String {
    micros(t)
        .format(TS_FORMAT)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// Reads a timestamp column.
fn row_ts(row: &DbRow, col: &str) -> StoreResult<OffsetDateTime> {
    let text: String = sqlx::Row::try_get(row, col).map_err(db_error)?;
    parse_ts(&text)
}

/// Reads a nullable timestamp column.
fn row_ts_opt(row: &DbRow, col: &str) -> StoreResult<Option<OffsetDateTime>> {
    let text: Option<String> = sqlx::Row::try_get(row, col).map_err(db_error)?;
    text.as_deref().map(parse_ts).transpose()
}

fn parse_ts(text: &str) -> StoreResult<OffsetDateTime> {
    time::PrimitiveDateTime::parse(text, TS_FORMAT)
        .map(time::PrimitiveDateTime::assume_utc)
        .map_err(|e| super::StoreError::Corrupt {
            table: "(timestamp)",
            message: format!("`{text}`: {e}"),
        })
}

/// Starts a write transaction. `BEGIN IMMEDIATE` takes the write lock up front (waiting up to
/// the busy timeout), so a transaction never fails on lock upgrade half-way.
async fn begin_write(pool: &SqlitePool) -> StoreResult<sqlx::Transaction<'static, Db>> {
    pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_error)
}

/// Refreshes the planner's statistics after a sync when they are missing or stale: without
/// them SQLite cannot tell a rare owner or rule from a common one, and a filtered, sorted
/// page of 100k violations walks the sort index instead of the filter's (hundreds of ms).
/// `PRAGMA optimize` with `0x10002` looks at every table, runs `ANALYZE` (with a bounded
/// analysis limit) only where the row count moved a lot since the last one, and is a no-op
/// otherwise. A failure here changes no data and is ignored.
async fn after_sync(pool: &SqlitePool) {
    let _ = sqlx::query("PRAGMA optimize=0x10002").execute(pool).await;
}

/// The SQL of the SQLite backend (placeholders `$N`, which SQLite reads as numbered).
mod sql {
    /// The due-date sort key: no due date sorts last ascending (its index is
    /// `violations_campaign_due`, on the same expression).
    pub(super) const DUE_KEY: &str = "COALESCE(due_date, '9999-12-31')";

    /// Audit: append one entry.
    pub(super) const INSERT_AUDIT: &str = "INSERT INTO audit_log (at, actor, action, campaign_id, subject, detail) \
         VALUES ($1, $2, $3, $4, $5, $6)";
    /// Audit: the listing's head (filters and order appended).
    pub(super) const SELECT_AUDIT: &str =
        "SELECT id, at, actor, action, campaign_id, subject, detail FROM audit_log";
    /// The store's revision ([`Store::revision`](crate::Store::revision)): the newest audit
    /// entry's id (writes commit one at a time, in id order).
    pub(super) const SELECT_REVISION: &str =
        "SELECT CAST(COALESCE(MAX(id), 0) AS TEXT) AS revision FROM audit_log";

    /// Users.
    pub(super) const INSERT_USER: &str = "INSERT INTO users (name, email, git_identities, role, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    pub(super) const SELECT_USER_BY_NAME: &str =
        "SELECT id, name, email, git_identities, role, created_at FROM users WHERE name = $1";
    pub(super) const SELECT_USERS: &str =
        "SELECT id, name, email, git_identities, role, created_at FROM users ORDER BY name";
    pub(super) const SELECT_PASSWORD_HASH: &str = "SELECT password_hash FROM users WHERE name = $1";

    /// Passwords, web sessions and API tokens.
    pub(super) const SELECT_USER_ID: &str = "SELECT id FROM users WHERE name = $1";
    pub(super) const UPDATE_PASSWORD_HASH: &str =
        "UPDATE users SET password_hash = $2 WHERE id = $1";
    pub(super) const DELETE_USER_SESSIONS: &str = "DELETE FROM sessions WHERE user_id = $1";
    pub(super) const INSERT_SESSION: &str = "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id";
    pub(super) const SELECT_SESSION: &str = "SELECT s.id AS session_id, s.id_hash, s.csrf_token, \
         s.created_at AS session_created_at, s.expires_at, u.id, u.name, u.email, \
         u.git_identities, u.role, u.created_at FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.id_hash = $1 AND s.expires_at > $2";
    pub(super) const DELETE_SESSION: &str = "DELETE FROM sessions WHERE id_hash = $1";
    pub(super) const DELETE_EXPIRED_SESSIONS: &str = "DELETE FROM sessions WHERE expires_at <= $1";
    pub(super) const INSERT_API_TOKEN: &str = "INSERT INTO api_tokens (name, user_id, token_hash, created_at) \
         VALUES ($1, $2, $3, $4) RETURNING id";
    /// API tokens: the listing's head (filters and order appended).
    pub(super) const SELECT_API_TOKENS: &str = "SELECT t.id, t.name, u.name AS user_name, t.token_hash, t.created_at, \
         t.last_used_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id";
    pub(super) const SELECT_API_TOKEN_BY_ID: &str = "SELECT t.id, t.name, u.name AS user_name, t.token_hash, t.created_at, \
         t.last_used_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.id = $1";
    pub(super) const SELECT_LIVE_API_TOKEN: &str = "SELECT t.id AS token_id, t.name AS token_name, t.token_hash, \
         t.created_at AS token_created_at, t.last_used_at, t.revoked_at, u.id, u.name, u.email, \
         u.git_identities, u.role, u.created_at FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL";
    pub(super) const TOUCH_API_TOKEN: &str = "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 \
         AND (last_used_at IS NULL OR last_used_at < $3)";
    pub(super) const REVOKE_API_TOKEN: &str =
        "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";

    /// Repositories.
    pub(super) const INSERT_REPOSITORY: &str = "INSERT INTO repositories (name, url, default_branch, forge, api_url, slug, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    pub(super) const UPDATE_REPOSITORY: &str = "UPDATE repositories SET url = $2, default_branch = $3, forge = $4, api_url = $5, \
         slug = $6 WHERE id = $1";
    pub(super) const SELECT_REPOSITORY_BY_NAME: &str = "SELECT id, name, url, default_branch, forge, api_url, slug, created_at \
         FROM repositories WHERE name = $1";
    pub(super) const SELECT_REPOSITORY_BY_ID: &str = "SELECT id, name, url, default_branch, forge, api_url, slug, created_at \
         FROM repositories WHERE id = $1";
    pub(super) const SELECT_REPOSITORIES: &str = "SELECT id, name, url, default_branch, forge, api_url, slug, created_at \
         FROM repositories ORDER BY name";

    /// Campaigns.
    pub(super) const INSERT_CAMPAIGN: &str = "INSERT INTO campaigns (name, description, rules, repositories, due_days, \
         default_assignee, state, count_suppressed, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
    pub(super) const SELECT_CAMPAIGN_BY_NAME: &str = "SELECT id, name, description, rules, repositories, due_days, default_assignee, \
         state, count_suppressed, created_by, created_at FROM campaigns WHERE name = $1";
    pub(super) const SELECT_CAMPAIGN_BY_ID: &str = "SELECT id, name, description, rules, repositories, due_days, default_assignee, \
         state, count_suppressed, created_by, created_at FROM campaigns WHERE id = $1";
    pub(super) const SELECT_CAMPAIGNS: &str = "SELECT id, name, description, rules, repositories, due_days, default_assignee, \
         state, count_suppressed, created_by, created_at FROM campaigns \
         ORDER BY created_at DESC, id DESC";
    pub(super) const UPDATE_CAMPAIGN_STATE: &str = "UPDATE campaigns SET state = $2 WHERE id = $1";

    /// Violations: the listing's head (filters, keyset and order appended).
    pub(super) const SELECT_VIOLATIONS: &str = "SELECT id, campaign_id, repository_id, fingerprint, rule_id, severity, message, \
         address, instances, root_module, path, start_line, end_line, call_chain, fix_diff, \
         fix_applicability, impact_note, recommendation, suppression, status, owner, \
         owner_source, due_date, first_seen, last_seen, scanned_commit, fixed_commit, fixed_at \
         FROM violations";
    pub(super) const SELECT_VIOLATION_BY_ID: &str = "SELECT id, campaign_id, repository_id, fingerprint, rule_id, severity, message, \
         address, instances, root_module, path, start_line, end_line, call_chain, fix_diff, \
         fix_applicability, impact_note, recommendation, suppression, status, owner, \
         owner_source, due_date, first_seen, last_seen, scanned_commit, fixed_commit, fixed_at \
         FROM violations WHERE id = $1";
    pub(super) const SELECT_VIOLATIONS_OF_REPOSITORY: &str = "SELECT id, campaign_id, repository_id, fingerprint, rule_id, severity, message, \
         address, instances, root_module, path, start_line, end_line, call_chain, fix_diff, \
         fix_applicability, impact_note, recommendation, suppression, status, owner, \
         owner_source, due_date, first_seen, last_seen, scanned_commit, fixed_commit, fixed_at \
         FROM violations WHERE campaign_id = $1 AND repository_id = $2";
    pub(super) const INSERT_VIOLATION: &str = "INSERT INTO violations (campaign_id, repository_id, fingerprint, rule_id, severity, \
         message, address, instances, root_module, path, start_line, end_line, call_chain, \
         fix_diff, fix_applicability, impact_note, recommendation, suppression, status, owner, \
         owner_source, due_date, first_seen, last_seen, scanned_commit, fixed_commit, fixed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
         $18, $19, $20, $21, $22, $23, $24, $25, $26, $27) RETURNING id";
    pub(super) const UPDATE_VIOLATION: &str = "UPDATE violations SET rule_id = $2, severity = $3, message = $4, address = $5, \
         instances = $6, root_module = $7, path = $8, start_line = $9, end_line = $10, \
         call_chain = $11, fix_diff = $12, fix_applicability = $13, impact_note = $14, \
         recommendation = $15, suppression = $16, status = $17, owner = $18, \
         owner_source = $19, due_date = $20, last_seen = $21, scanned_commit = $22, \
         fixed_commit = $23, fixed_at = $24 WHERE id = $1";
    /// Fingerprints an approved, unexpired exception holds, in any campaign (an exception
    /// accepts the code, so it follows its fingerprint).
    pub(super) const SELECT_HELD_EXCEPTIONS: &str = "SELECT DISTINCT fingerprint FROM exceptions \
         WHERE state = 'approved' AND expires_at > $1";
    /// The violations, in any campaign, with a fingerprint and a status.
    pub(super) const SELECT_VIOLATIONS_BY_FINGERPRINT_STATUS: &str = "SELECT id, campaign_id, repository_id, fingerprint, rule_id, severity, message, \
         address, instances, root_module, path, start_line, end_line, call_chain, fix_diff, \
         fix_applicability, impact_note, recommendation, suppression, status, owner, \
         owner_source, due_date, first_seen, last_seen, scanned_commit, fixed_commit, fixed_at \
         FROM violations WHERE fingerprint = $1 AND status = $2 ORDER BY id";
    pub(super) const SELECT_COUNTS: &str = "SELECT v.status, v.severity, v.owner, r.name AS repository, v.rule_id, \
         (v.status IN ('open', 'fix_proposed', 'in_review') AND v.due_date IS NOT NULL \
          AND v.due_date < $2) AS overdue, \
         (v.suppression IS NOT NULL) AS suppressed, COUNT(*) AS n \
         FROM violations v JOIN repositories r ON r.id = v.repository_id \
         WHERE v.campaign_id = $1 \
         GROUP BY v.status, v.severity, v.owner, r.name, v.rule_id, overdue, suppressed \
         ORDER BY v.status, v.severity DESC, v.owner, r.name, v.rule_id, overdue, suppressed";
    /// Status counts for a snapshot: self-suppressed outstanding violations are left out
    /// unless the campaign counts them, as in its report.
    pub(super) const SELECT_STATUS_COUNTS: &str = "SELECT v.status, COUNT(*) AS n \
         FROM violations v JOIN campaigns c ON c.id = v.campaign_id WHERE v.campaign_id = $1 \
         AND NOT (c.count_suppressed = 0 AND v.suppression IS NOT NULL \
         AND v.status IN ('open', 'fix_proposed', 'in_review')) GROUP BY v.status";

    /// Remediations.
    pub(super) const SELECT_REMEDIATION_BY_KEY: &str = "SELECT id FROM remediations \
         WHERE campaign_id = $1 AND repository_id = $2 AND group_key = $3";
    pub(super) const SELECT_REMEDIATION_BY_ID: &str = "SELECT id, campaign_id, repository_id, group_key, branch, base_branch, \
         pushed_commit, url, number, state, merge_commit, created_at, updated_at \
         FROM remediations WHERE id = $1";
    pub(super) const SELECT_REMEDIATIONS: &str = "SELECT id, campaign_id, repository_id, group_key, branch, base_branch, \
         pushed_commit, url, number, state, merge_commit, created_at, updated_at \
         FROM remediations WHERE campaign_id = $1 ORDER BY id";
    pub(super) const INSERT_REMEDIATION: &str = "INSERT INTO remediations (campaign_id, repository_id, group_key, branch, base_branch, \
         pushed_commit, url, number, state, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id";
    pub(super) const UPDATE_REMEDIATION_PUSH: &str = "UPDATE remediations SET branch = $2, base_branch = $3, pushed_commit = $4, url = $5, \
         number = $6, state = $7, updated_at = $8 WHERE id = $1";
    pub(super) const UPDATE_REMEDIATION_STATE: &str =
        "UPDATE remediations SET state = $2, merge_commit = $3, updated_at = $4 WHERE id = $1";
    pub(super) const DELETE_REMEDIATION_VIOLATIONS: &str =
        "DELETE FROM remediation_violations WHERE remediation_id = $1";
    pub(super) const INSERT_REMEDIATION_VIOLATION: &str =
        "INSERT INTO remediation_violations (remediation_id, violation_id) VALUES ($1, $2)";
    pub(super) const SELECT_REMEDIATION_VIOLATIONS: &str = "SELECT violation_id FROM remediation_violations WHERE remediation_id = $1 \
         ORDER BY violation_id";
    pub(super) const SELECT_CAMPAIGN_REMEDIATION_VIOLATIONS: &str = "SELECT l.remediation_id, l.violation_id FROM remediation_violations l \
         JOIN remediations m ON m.id = l.remediation_id WHERE m.campaign_id = $1 \
         ORDER BY l.remediation_id, l.violation_id";

    /// Exceptions.
    pub(super) const INSERT_EXCEPTION: &str = "INSERT INTO exceptions (campaign_id, violation_id, fingerprint, reason, requester, \
         requested_at, expires_at, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    pub(super) const SELECT_EXCEPTIONS: &str = "SELECT id, campaign_id, violation_id, fingerprint, reason, requester, requested_at, \
         expires_at, state, approver, decided_at, decision_note FROM exceptions";
    pub(super) const SELECT_EXCEPTION_BY_ID: &str = "SELECT id, campaign_id, violation_id, fingerprint, reason, requester, requested_at, \
         expires_at, state, approver, decided_at, decision_note FROM exceptions WHERE id = $1";
    pub(super) const SELECT_EXCEPTIONS_TO_EXPIRE: &str = "SELECT id, campaign_id, violation_id, fingerprint, reason, requester, requested_at, \
         expires_at, state, approver, decided_at, decision_note FROM exceptions \
         WHERE state = 'approved' AND expires_at <= $1 ORDER BY id";
    pub(super) const SELECT_PENDING_EXCEPTION: &str = "SELECT id FROM exceptions WHERE violation_id = $1 \
         AND state IN ('requested', 'approved')";
    pub(super) const UPDATE_EXCEPTION_DECISION: &str = "UPDATE exceptions SET state = $2, approver = $3, decided_at = $4, \
         decision_note = $5 WHERE id = $1";
    pub(super) const UPDATE_EXCEPTION_STATE: &str =
        "UPDATE exceptions SET state = $2 WHERE id = $1";

    /// Snapshots.
    pub(super) const UPSERT_SNAPSHOT: &str = "INSERT INTO snapshots (campaign_id, day, open_count, fix_proposed_count, \
         in_review_count, fixed_count, excepted_count, wont_fix_count) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (campaign_id, day) DO UPDATE SET open_count = excluded.open_count, \
         fix_proposed_count = excluded.fix_proposed_count, \
         in_review_count = excluded.in_review_count, fixed_count = excluded.fixed_count, \
         excepted_count = excluded.excepted_count, wont_fix_count = excluded.wont_fix_count";
    pub(super) const SELECT_SNAPSHOTS: &str = "SELECT campaign_id, day, open_count, fix_proposed_count, in_review_count, \
         fixed_count, excepted_count, wont_fix_count FROM snapshots WHERE campaign_id = $1 \
         ORDER BY day";
}

super::imp::store_impl!(SqliteStore);
