//! What both backends share: value conversions, the keyset cursor, error mapping, and the
//! [`Store`](super::Store) implementation itself as a macro (`store_impl!`) that each backend
//! module instantiates with its own SQL module (`sql`), its own database types (`Db`,
//! `DbRow`) and its own timestamp helpers (`ts`, `row_ts`, `row_ts_opt`, `begin_write`).
//!
//! Why a macro and not generic code: the logic (what a sync changes, what is audited) must be
//! identical on both backends, while sqlx's generic bounds over `Database` make every method
//! a wall of `for<'c> Executor<'c>` clauses. The macro expands to plain concrete code per
//! backend, so each backend keeps its SQL in one module and shares every decision.

use super::{StoreError, StoreResult};
use crate::model::{Violation, ViolationQuery, ViolationSort, ViolationStatus};
use driftless_diagnostics::Severity;
use std::fmt::Write as _;
use time::{Date, OffsetDateTime, UtcOffset};

/// The day that stands for "no due date" in the due-date sort key (sorts last ascending).
pub(crate) const NO_DUE_DATE: Date = match Date::from_calendar_date(9999, time::Month::December, 31)
{
    Ok(d) => d,
    Err(_) => panic!("valid date"),
};

/// `t` in UTC, truncated to whole microseconds (what PostgreSQL keeps), so a value reads
/// back equal to what was written on both backends.
pub(crate) fn micros(t: OffsetDateTime) -> OffsetDateTime {
    let t = t.to_offset(UtcOffset::UTC);
    t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000)
        .unwrap_or(t)
}

/// Severity as its stored rank: 0 info .. 4 critical.
pub(crate) fn severity_rank(s: Severity) -> i64 {
    match s {
        Severity::Info => 0,
        Severity::Low => 1,
        Severity::Medium => 2,
        Severity::High => 3,
        Severity::Critical => 4,
    }
}

/// The severity of a stored rank.
pub(crate) fn severity_from_rank(table: &'static str, rank: i64) -> StoreResult<Severity> {
    usize::try_from(rank)
        .ok()
        .and_then(|i| Severity::ALL.get(i).copied())
        .ok_or_else(|| StoreError::Corrupt {
            table,
            message: format!("severity rank {rank} is not 0..=4"),
        })
}

/// Parses a stored keyword (status, role, state).
pub(crate) fn keyword<T: std::str::FromStr>(table: &'static str, text: &str) -> StoreResult<T>
where
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e: T::Err| StoreError::Corrupt {
        table,
        message: e.to_string(),
    })
}

/// A stored integer as `u32` (line numbers).
pub(crate) fn to_u32(table: &'static str, n: i64) -> StoreResult<u32> {
    u32::try_from(n).map_err(|_| StoreError::Corrupt {
        table,
        message: format!("{n} is not a line number"),
    })
}

/// A stored count as `u64`.
pub(crate) fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// `owner` as stored: `''` for none.
pub(crate) fn owner_col(owner: Option<&String>) -> String {
    owner.cloned().unwrap_or_default()
}

/// Maps a database error. A locked SQLite database gets a message saying what happened
/// (another process kept the write lock past the busy timeout), not a bare error code.
pub(crate) fn db_error(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) => {
            let locked = matches!(d.code().as_deref(), Some("5" | "6" | "261" | "262" | "517"))
                || d.message().contains("database is locked");
            if locked {
                StoreError::Database(format!(
                    "the database is locked by another writer and stayed locked past the busy \
                     timeout; nothing was changed, try again ({})",
                    d.message()
                ))
            } else {
                StoreError::Database(d.to_string())
            }
        }
        sqlx::Error::PoolTimedOut => StoreError::Database(
            "timed out waiting for a database connection (the database is busy or unreachable)"
                .to_owned(),
        ),
        _ => StoreError::Database(e.to_string()),
    }
}

/// Whether `e` is a unique-constraint violation.
pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Maps a unique-constraint violation to [`StoreError::Conflict`] with `message`, and any
/// other error with [`db_error`].
pub(crate) fn conflict_on_unique(e: sqlx::Error, message: impl FnOnce() -> String) -> StoreError {
    if is_unique_violation(&e) {
        StoreError::Conflict(message())
    } else {
        db_error(e)
    }
}

/// The position of a row in a sorted listing: the sort column values, then the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SortKey {
    /// Id sort.
    Id(i64),
    /// Severity rank, id.
    Severity(i64, i64),
    /// Rule id, id.
    Rule(String, i64),
    /// Path, start line, id.
    Path(String, i64, i64),
    /// Owner (`''` for none), id.
    Owner(String, i64),
    /// Due date ([`NO_DUE_DATE`] for none), id.
    Due(Date, i64),
    /// Status word, id.
    Status(String, i64),
}

impl SortKey {
    /// The key of `v` under `sort`.
    pub(crate) fn of(v: &Violation, sort: ViolationSort) -> Self {
        match sort {
            ViolationSort::Id => Self::Id(v.id),
            ViolationSort::Severity => Self::Severity(severity_rank(v.severity), v.id),
            ViolationSort::Rule => Self::Rule(v.rule_id.clone(), v.id),
            ViolationSort::Path => Self::Path(v.path.clone(), i64::from(v.start_line), v.id),
            ViolationSort::Owner => Self::Owner(owner_col(v.owner.as_ref()), v.id),
            ViolationSort::Due => Self::Due(v.due_date.unwrap_or(NO_DUE_DATE), v.id),
            ViolationSort::Status => Self::Status(v.status.as_str().to_owned(), v.id),
        }
    }

    /// The cursor text: hex of a JSON array `[sort, descending, key...]`. Opaque to callers.
    pub(crate) fn encode(&self, sort: ViolationSort, descending: bool) -> String {
        use serde_json::json;
        let keys = match self {
            Self::Id(id) => vec![json!(id)],
            Self::Severity(s, id) => vec![json!(s), json!(id)],
            Self::Rule(t, id) | Self::Owner(t, id) | Self::Status(t, id) => {
                vec![json!(t), json!(id)]
            }
            Self::Path(p, l, id) => vec![json!(p), json!(l), json!(id)],
            Self::Due(d, id) => vec![json!(d.to_string()), json!(id)],
        };
        let mut all = vec![json!(sort), json!(descending)];
        all.extend(keys);
        let text = serde_json::Value::Array(all).to_string();
        let mut out = String::with_capacity(text.len() * 2);
        for b in text.bytes() {
            let _ = write!(out, "{b:02x}");
        }
        out
    }

    /// Reads a cursor made by [`SortKey::encode`] for `query`'s sort and order.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the cursor is malformed or was made for another sort
    /// or order.
    pub(crate) fn decode(cursor: &str, query: &ViolationQuery) -> StoreResult<Self> {
        let bad = || StoreError::Conflict(format!("the cursor `{cursor}` does not fit this query"));
        if !cursor.len().is_multiple_of(2) || !cursor.is_ascii() {
            return Err(bad());
        }
        let bytes = (0..cursor.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&cursor[i..i + 2], 16))
            .collect::<Result<Vec<u8>, _>>()
            .map_err(|_| bad())?;
        let value: Vec<serde_json::Value> = serde_json::from_slice(&bytes).map_err(|_| bad())?;
        let (head, keys) = value.split_at_checked(2).ok_or_else(bad)?;
        let sort: ViolationSort = serde_json::from_value(head[0].clone()).map_err(|_| bad())?;
        if sort != query.sort || head[1].as_bool() != Some(query.descending) {
            return Err(StoreError::Conflict(
                "the cursor was made for another sort or order: start again from the first page"
                    .to_owned(),
            ));
        }
        let int = |i: usize| {
            keys.get(i)
                .and_then(serde_json::Value::as_i64)
                .ok_or_else(bad)
        };
        let text = |i: usize| {
            keys.get(i)
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
                .ok_or_else(bad)
        };
        let n = keys.len();
        let key = match sort {
            ViolationSort::Id if n == 1 => Self::Id(int(0)?),
            ViolationSort::Severity if n == 2 => Self::Severity(int(0)?, int(1)?),
            ViolationSort::Rule if n == 2 => Self::Rule(text(0)?, int(1)?),
            ViolationSort::Path if n == 3 => Self::Path(text(0)?, int(1)?, int(2)?),
            ViolationSort::Owner if n == 2 => Self::Owner(text(0)?, int(1)?),
            ViolationSort::Due if n == 2 => {
                let day = text(0)?;
                let format = time::macros::format_description!("[year]-[month]-[day]");
                Self::Due(Date::parse(&day, &format).map_err(|_| bad())?, int(1)?)
            }
            ViolationSort::Status if n == 2 => Self::Status(text(0)?, int(1)?),
            _ => return Err(bad()),
        };
        Ok(key)
    }
}

/// The `ORDER BY` list of a sort (`due_key` is the backend's due-date expression).
pub(crate) fn order_by(sort: ViolationSort, descending: bool, due_key: &str) -> String {
    let dir = if descending { "DESC" } else { "ASC" };
    let cols: &[&str] = match sort {
        ViolationSort::Id => &["id"],
        ViolationSort::Severity => &["severity", "id"],
        ViolationSort::Rule => &["rule_id", "id"],
        ViolationSort::Path => &["path", "start_line", "id"],
        ViolationSort::Owner => &["owner", "id"],
        ViolationSort::Due => &[due_key, "id"],
        ViolationSort::Status => &["status", "id"],
    };
    cols.iter()
        .map(|c| format!("{c} {dir}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The status a violation takes when a push carries it (see
/// [`RemediationRecord::violation_ids`](crate::model::RemediationRecord::violation_ids)).
pub(crate) fn pushed_status(state: crate::model::PullRequestState) -> ViolationStatus {
    if state == crate::model::PullRequestState::Open {
        ViolationStatus::InReview
    } else {
        ViolationStatus::FixProposed
    }
}

/// Implements [`Store`](crate::store::Store) for `$store` (a struct with a `pool` field)
/// from the names in scope at the call site: `Db`, `DbRow`, `sql::*`, `ts`, `row_ts`,
/// `row_ts_opt`, `begin_write`, `after_sync` and `Self::run_migrations`.
macro_rules! store_impl {
    ($store:ident) => {
    mod store_impl {
        use super::{$store, Db, DbRow, after_sync, begin_write, row_ts, row_ts_opt, sql, ts};
        use $crate::model::{
            ApiToken, AuditEntry, AuditQuery, Campaign, CampaignState, CountRow, Exception,
            ExceptionQuery, ExceptionState, Id, NewApiToken, NewCampaign, NewException,
            NewRepository, NewSession, NewUser, Page, PullRequestState, Remediation,
            RemediationRecord, Repository, Session, Snapshot, SyncBatch, SyncSummary, User,
            Violation, ViolationQuery, ViolationStatus,
        };
        use $crate::store::imp::{
            self as imp, SortKey, conflict_on_unique, db_error,
            keyword, micros, owner_col, severity_from_rank, severity_rank, to_u32, to_u64,
        };
        use $crate::store::{StoreError, StoreResult};
        use serde_json::json;
        use sqlx::Row as _;
        use sqlx::types::Json;
        use std::collections::{BTreeMap, HashMap, HashSet};
        use time::{Date, OffsetDateTime};

        type Tx = sqlx::Transaction<'static, Db>;

        /// Reads column `col` of `row`.
        fn get<T>(row: &DbRow, col: &str) -> StoreResult<T>
        where
            T: for<'r> sqlx::Decode<'r, Db> + sqlx::Type<Db>,
        {
            row.try_get(col).map_err(db_error)
        }

        /// Reads a JSON column.
        fn get_json<T>(row: &DbRow, col: &str) -> StoreResult<T>
        where
            T: serde::de::DeserializeOwned,
        {
            let Json(value) = row.try_get::<Json<T>, _>(col).map_err(db_error)?;
            Ok(value)
        }

        fn user_from_row(row: &DbRow) -> StoreResult<User> {
            Ok(User {
                id: get(row, "id")?,
                name: get(row, "name")?,
                email: get(row, "email")?,
                git_identities: get_json(row, "git_identities")?,
                role: keyword("users", &get::<String>(row, "role")?)?,
                created_at: row_ts(row, "created_at")?,
            })
        }

        fn repository_from_row(row: &DbRow) -> StoreResult<Repository> {
            Ok(Repository {
                id: get(row, "id")?,
                name: get(row, "name")?,
                url: get(row, "url")?,
                default_branch: get(row, "default_branch")?,
                forge: get(row, "forge")?,
                api_url: get(row, "api_url")?,
                slug: get(row, "slug")?,
                created_at: row_ts(row, "created_at")?,
            })
        }

        fn campaign_from_row(row: &DbRow) -> StoreResult<Campaign> {
            Ok(Campaign {
                id: get(row, "id")?,
                name: get(row, "name")?,
                description: get(row, "description")?,
                rules: get_json(row, "rules")?,
                repositories: get_json(row, "repositories")?,
                due_days: get_json(row, "due_days")?,
                default_assignee: get(row, "default_assignee")?,
                state: keyword("campaigns", &get::<String>(row, "state")?)?,
                count_suppressed: get(row, "count_suppressed")?,
                created_by: get(row, "created_by")?,
                created_at: row_ts(row, "created_at")?,
            })
        }

        fn violation_from_row(row: &DbRow) -> StoreResult<Violation> {
            let owner: String = get(row, "owner")?;
            let owner_source: Option<String> = get(row, "owner_source")?;
            Ok(Violation {
                id: get(row, "id")?,
                campaign_id: get(row, "campaign_id")?,
                repository_id: get(row, "repository_id")?,
                fingerprint: get(row, "fingerprint")?,
                rule_id: get(row, "rule_id")?,
                severity: severity_from_rank("violations", get(row, "severity")?)?,
                message: get(row, "message")?,
                address: get(row, "address")?,
                instances: get_json(row, "instances")?,
                root_module: get(row, "root_module")?,
                path: get(row, "path")?,
                start_line: to_u32("violations", get(row, "start_line")?)?,
                end_line: to_u32("violations", get(row, "end_line")?)?,
                call_chain: get_json(row, "call_chain")?,
                fix_diff: get(row, "fix_diff")?,
                fix_applicability: get(row, "fix_applicability")?,
                impact_note: get(row, "impact_note")?,
                recommendation: get(row, "recommendation")?,
                suppression: get(row, "suppression")?,
                status: keyword("violations", &get::<String>(row, "status")?)?,
                owner: (!owner.is_empty()).then_some(owner),
                owner_source: owner_source
                    .map(|s| keyword("violations", &s))
                    .transpose()?,
                due_date: get(row, "due_date")?,
                first_seen: row_ts(row, "first_seen")?,
                last_seen: row_ts(row, "last_seen")?,
                scanned_commit: get(row, "scanned_commit")?,
                fixed_commit: get(row, "fixed_commit")?,
                fixed_at: row_ts_opt(row, "fixed_at")?,
            })
        }

        fn exception_from_row(row: &DbRow) -> StoreResult<Exception> {
            Ok(Exception {
                id: get(row, "id")?,
                campaign_id: get(row, "campaign_id")?,
                violation_id: get(row, "violation_id")?,
                fingerprint: get(row, "fingerprint")?,
                reason: get(row, "reason")?,
                requester: get(row, "requester")?,
                requested_at: row_ts(row, "requested_at")?,
                expires_at: row_ts(row, "expires_at")?,
                state: keyword("exceptions", &get::<String>(row, "state")?)?,
                approver: get(row, "approver")?,
                decided_at: row_ts_opt(row, "decided_at")?,
                decision_note: get(row, "decision_note")?,
            })
        }

        fn remediation_from_row(row: &DbRow, violation_ids: Vec<Id>) -> StoreResult<Remediation> {
            Ok(Remediation {
                id: get(row, "id")?,
                campaign_id: get(row, "campaign_id")?,
                repository_id: get(row, "repository_id")?,
                group_key: get(row, "group_key")?,
                branch: get(row, "branch")?,
                base_branch: get(row, "base_branch")?,
                pushed_commit: get(row, "pushed_commit")?,
                url: get(row, "url")?,
                number: get(row, "number")?,
                state: keyword("remediations", &get::<String>(row, "state")?)?,
                merge_commit: get(row, "merge_commit")?,
                violation_ids,
                created_at: row_ts(row, "created_at")?,
                updated_at: row_ts(row, "updated_at")?,
            })
        }

        fn api_token_from_row(row: &DbRow) -> StoreResult<ApiToken> {
            Ok(ApiToken {
                id: get(row, "id")?,
                name: get(row, "name")?,
                user: get(row, "user_name")?,
                token_hash: get(row, "token_hash")?,
                created_at: row_ts(row, "created_at")?,
                last_used_at: row_ts_opt(row, "last_used_at")?,
                revoked_at: row_ts_opt(row, "revoked_at")?,
            })
        }

        /// The row id of the user named `name`, inside `tx`.
        async fn user_id_in(tx: &mut Tx, name: &str) -> StoreResult<Id> {
            let row = sqlx::query(sql::SELECT_USER_ID)
                .bind(name)
                .fetch_optional(&mut **tx)
                .await
                .map_err(db_error)?
                .ok_or_else(|| StoreError::NotFound {
                    what: format!("user `{name}`"),
                })?;
            get(&row, "id")
        }

        async fn api_token_in(tx: &mut Tx, id: Id) -> StoreResult<ApiToken> {
            let row = sqlx::query(sql::SELECT_API_TOKEN_BY_ID)
                .bind(id)
                .fetch_optional(&mut **tx)
                .await
                .map_err(db_error)?
                .ok_or_else(|| StoreError::NotFound {
                    what: format!("API token {id}"),
                })?;
            api_token_from_row(&row)
        }

        fn audit_from_row(row: &DbRow) -> StoreResult<AuditEntry> {
            Ok(AuditEntry {
                id: get(row, "id")?,
                at: row_ts(row, "at")?,
                actor: get(row, "actor")?,
                action: get(row, "action")?,
                campaign_id: get(row, "campaign_id")?,
                subject: get(row, "subject")?,
                detail: get_json(row, "detail")?,
            })
        }

        /// Appends one audit entry inside `tx`.
        async fn audit(
            tx: &mut Tx,
            at: OffsetDateTime,
            actor: &str,
            action: &str,
            campaign_id: Option<Id>,
            subject: &str,
            detail: serde_json::Value,
        ) -> StoreResult<()> {
            sqlx::query(sql::INSERT_AUDIT)
                .bind(ts(at))
                .bind(actor)
                .bind(action)
                .bind(campaign_id)
                .bind(subject)
                .bind(Json(detail))
                .execute(&mut **tx)
                .await
                .map_err(db_error)?;
            Ok(())
        }

        async fn commit(tx: Tx) -> StoreResult<()> {
            tx.commit().await.map_err(db_error)
        }

        async fn campaign_in(tx: &mut Tx, id: Id) -> StoreResult<Campaign> {
            let row = sqlx::query(sql::SELECT_CAMPAIGN_BY_ID)
                .bind(id)
                .fetch_optional(&mut **tx)
                .await
                .map_err(db_error)?
                .ok_or_else(|| StoreError::NotFound {
                    what: format!("campaign {id}"),
                })?;
            campaign_from_row(&row)
        }

        async fn repository_in(tx: &mut Tx, id: Id) -> StoreResult<Repository> {
            let row = sqlx::query(sql::SELECT_REPOSITORY_BY_ID)
                .bind(id)
                .fetch_optional(&mut **tx)
                .await
                .map_err(db_error)?
                .ok_or_else(|| StoreError::NotFound {
                    what: format!("repository {id}"),
                })?;
            repository_from_row(&row)
        }

        async fn violation_in(tx: &mut Tx, id: Id) -> StoreResult<Violation> {
            let row = sqlx::query(sql::SELECT_VIOLATION_BY_ID)
                .bind(id)
                .fetch_optional(&mut **tx)
                .await
                .map_err(db_error)?
                .ok_or_else(|| StoreError::NotFound {
                    what: format!("violation {id}"),
                })?;
            violation_from_row(&row)
        }

        async fn exception_in(tx: &mut Tx, id: Id) -> StoreResult<Exception> {
            let row = sqlx::query(sql::SELECT_EXCEPTION_BY_ID)
                .bind(id)
                .fetch_optional(&mut **tx)
                .await
                .map_err(db_error)?
                .ok_or_else(|| StoreError::NotFound {
                    what: format!("exception {id}"),
                })?;
            exception_from_row(&row)
        }

        async fn remediation_in(tx: &mut Tx, id: Id) -> StoreResult<Remediation> {
            let row = sqlx::query(sql::SELECT_REMEDIATION_BY_ID)
                .bind(id)
                .fetch_optional(&mut **tx)
                .await
                .map_err(db_error)?
                .ok_or_else(|| StoreError::NotFound {
                    what: format!("remediation {id}"),
                })?;
            let ids = sqlx::query(sql::SELECT_REMEDIATION_VIOLATIONS)
                .bind(id)
                .fetch_all(&mut **tx)
                .await
                .map_err(db_error)?
                .iter()
                .map(|r| get::<Id>(r, "violation_id"))
                .collect::<StoreResult<Vec<_>>>()?;
            remediation_from_row(&row, ids)
        }

        /// Inserts a violation (its `id` is ignored) and returns its new id.
        async fn insert_violation(tx: &mut Tx, v: &Violation) -> Result<Id, sqlx::Error> {
            let row = sqlx::query(sql::INSERT_VIOLATION)
                .bind(v.campaign_id)
                .bind(v.repository_id)
                .bind(&v.fingerprint)
                .bind(&v.rule_id)
                .bind(severity_rank(v.severity))
                .bind(&v.message)
                .bind(&v.address)
                .bind(Json(&v.instances))
                .bind(&v.root_module)
                .bind(&v.path)
                .bind(i64::from(v.start_line))
                .bind(i64::from(v.end_line))
                .bind(Json(&v.call_chain))
                .bind(&v.fix_diff)
                .bind(&v.fix_applicability)
                .bind(&v.impact_note)
                .bind(&v.recommendation)
                .bind(&v.suppression)
                .bind(v.status.as_str())
                .bind(owner_col(v.owner.as_ref()))
                .bind(v.owner_source.map(|s| s.as_str()))
                .bind(v.due_date)
                .bind(ts(v.first_seen))
                .bind(ts(v.last_seen))
                .bind(&v.scanned_commit)
                .bind(&v.fixed_commit)
                .bind(v.fixed_at.map(ts))
                .fetch_one(&mut **tx)
                .await?;
            row.try_get("id")
        }

        /// Writes every mutable column of `v` (by id).
        async fn write_violation(tx: &mut Tx, v: &Violation) -> StoreResult<()> {
            sqlx::query(sql::UPDATE_VIOLATION)
                .bind(v.id)
                .bind(&v.rule_id)
                .bind(severity_rank(v.severity))
                .bind(&v.message)
                .bind(&v.address)
                .bind(Json(&v.instances))
                .bind(&v.root_module)
                .bind(&v.path)
                .bind(i64::from(v.start_line))
                .bind(i64::from(v.end_line))
                .bind(Json(&v.call_chain))
                .bind(&v.fix_diff)
                .bind(&v.fix_applicability)
                .bind(&v.impact_note)
                .bind(&v.recommendation)
                .bind(&v.suppression)
                .bind(v.status.as_str())
                .bind(owner_col(v.owner.as_ref()))
                .bind(v.owner_source.map(|s| s.as_str()))
                .bind(v.due_date)
                .bind(ts(v.last_seen))
                .bind(&v.scanned_commit)
                .bind(&v.fixed_commit)
                .bind(v.fixed_at.map(ts))
                .execute(&mut **tx)
                .await
                .map_err(db_error)?;
            Ok(())
        }

        /// Moves `v` to `to` (clearing the fixing commit unless `to` is fixed), writes it
        /// and audits the change as `violation.status` with `extra` merged into the detail.
        async fn move_violation(
            tx: &mut Tx,
            v: &mut Violation,
            to: ViolationStatus,
            at: OffsetDateTime,
            actor: &str,
            extra: serde_json::Value,
        ) -> StoreResult<()> {
            let from = v.status;
            v.status = to;
            if to != ViolationStatus::Fixed {
                v.fixed_commit = None;
                v.fixed_at = None;
            }
            write_violation(tx, v).await?;
            let mut detail = json!({ "from": from.as_str(), "to": to.as_str() });
            if let (Some(d), serde_json::Value::Object(extra)) = (detail.as_object_mut(), extra) {
                d.extend(extra);
            }
            audit(
                tx,
                at,
                actor,
                "violation.status",
                Some(v.campaign_id),
                &format!("violation:{}", v.id),
                detail,
            )
            .await
        }

        /// Copies what a scan decides from `o` onto `v`; returns whether anything changed.
        /// A manual owner and an existing due date are kept.
        fn merge_observation(v: &mut Violation, o: &$crate::model::Observation) -> bool {
            let before = v.clone();
            v.rule_id.clone_from(&o.rule_id);
            v.severity = o.severity;
            v.message.clone_from(&o.message);
            v.address.clone_from(&o.address);
            v.instances.clone_from(&o.instances);
            v.root_module.clone_from(&o.root_module);
            v.path.clone_from(&o.path);
            v.start_line = o.start_line;
            v.end_line = o.end_line;
            v.call_chain.clone_from(&o.call_chain);
            v.fix_diff.clone_from(&o.fix_diff);
            v.fix_applicability.clone_from(&o.fix_applicability);
            v.impact_note.clone_from(&o.impact_note);
            v.recommendation.clone_from(&o.recommendation);
            v.suppression.clone_from(&o.suppression);
            if v.owner_source != Some($crate::model::OwnerSource::Manual) {
                v.owner.clone_from(&o.owner);
                v.owner_source = o.owner_source;
            }
            if v.due_date.is_none() {
                v.due_date = o.due_date;
            }
            *v != before
        }

        #[async_trait::async_trait]
        impl $crate::store::Store for $store {
            async fn migrate(&self) -> StoreResult<()> {
                Self::run_migrations(&self.pool).await
            }

            // ---- users

            async fn add_user(&self, user: &NewUser, actor: &str) -> StoreResult<User> {
                let now = micros(OffsetDateTime::now_utc());
                let mut tx = begin_write(&self.pool).await?;
                let row = sqlx::query(sql::INSERT_USER)
                    .bind(&user.name)
                    .bind(&user.email)
                    .bind(Json(&user.git_identities))
                    .bind(user.role.as_str())
                    .bind(&user.password_hash)
                    .bind(ts(now))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| {
                        conflict_on_unique(e, || format!("a user named `{}` already exists", user.name))
                    })?;
                let created = User {
                    id: get(&row, "id")?,
                    name: user.name.clone(),
                    email: user.email.clone(),
                    git_identities: user.git_identities.clone(),
                    role: user.role,
                    created_at: now,
                };
                audit(
                    &mut tx,
                    now,
                    actor,
                    "user.add",
                    None,
                    &format!("user:{}", user.name),
                    json!({ "email": user.email, "role": user.role.as_str(),
                            "git_identities": user.git_identities,
                            "password": user.password_hash.is_some() }),
                )
                .await?;
                commit(tx).await?;
                Ok(created)
            }

            async fn user(&self, name: &str) -> StoreResult<User> {
                let row = sqlx::query(sql::SELECT_USER_BY_NAME)
                    .bind(name)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                    .ok_or_else(|| StoreError::NotFound {
                        what: format!("user `{name}`"),
                    })?;
                user_from_row(&row)
            }

            async fn user_by_identity(&self, identity: &str) -> StoreResult<Option<User>> {
                Ok(self.users().await?.into_iter().find(|u| u.is(identity)))
            }

            async fn users(&self) -> StoreResult<Vec<User>> {
                sqlx::query(sql::SELECT_USERS)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(user_from_row)
                    .collect()
            }

            async fn password_hash(&self, name: &str) -> StoreResult<Option<String>> {
                let row = sqlx::query(sql::SELECT_PASSWORD_HASH)
                    .bind(name)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                    .ok_or_else(|| StoreError::NotFound {
                        what: format!("user `{name}`"),
                    })?;
                get(&row, "password_hash")
            }

            async fn set_password_hash(
                &self,
                name: &str,
                hash: Option<&str>,
                actor: &str,
            ) -> StoreResult<()> {
                let now = micros(OffsetDateTime::now_utc());
                let mut tx = begin_write(&self.pool).await?;
                let user_id = user_id_in(&mut tx, name).await?;
                sqlx::query(sql::UPDATE_PASSWORD_HASH)
                    .bind(user_id)
                    .bind(hash)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                let ended = sqlx::query(sql::DELETE_USER_SESSIONS)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?
                    .rows_affected();
                audit(
                    &mut tx,
                    now,
                    actor,
                    "user.password",
                    None,
                    &format!("user:{name}"),
                    json!({ "password": hash.is_some(), "sessions_ended": ended }),
                )
                .await?;
                commit(tx).await
            }

            // ---- web sessions and API tokens

            async fn create_session(&self, session: &NewSession) -> StoreResult<Session> {
                let mut tx = begin_write(&self.pool).await?;
                let user_id = user_id_in(&mut tx, &session.user).await?;
                let created_at = micros(session.created_at);
                let expires_at = micros(session.expires_at);
                let row = sqlx::query(sql::INSERT_SESSION)
                    .bind(&session.id_hash)
                    .bind(user_id)
                    .bind(&session.csrf_token)
                    .bind(ts(created_at))
                    .bind(ts(expires_at))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| conflict_on_unique(e, || "the session id exists already".to_owned()))?;
                let id: Id = get(&row, "id")?;
                let user_row = sqlx::query(sql::SELECT_USER_BY_NAME)
                    .bind(&session.user)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_error)?;
                let user = user_from_row(&user_row)?;
                commit(tx).await?;
                Ok(Session {
                    id,
                    id_hash: session.id_hash.clone(),
                    user,
                    csrf_token: session.csrf_token.clone(),
                    created_at,
                    expires_at,
                })
            }

            async fn session(
                &self,
                id_hash: &str,
                now: OffsetDateTime,
            ) -> StoreResult<Option<Session>> {
                let Some(row) = sqlx::query(sql::SELECT_SESSION)
                    .bind(id_hash)
                    .bind(ts(micros(now)))
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                else {
                    return Ok(None);
                };
                Ok(Some(Session {
                    id: get(&row, "session_id")?,
                    id_hash: get(&row, "id_hash")?,
                    user: user_from_row(&row)?,
                    csrf_token: get(&row, "csrf_token")?,
                    created_at: row_ts(&row, "session_created_at")?,
                    expires_at: row_ts(&row, "expires_at")?,
                }))
            }

            async fn delete_session(&self, id_hash: &str) -> StoreResult<()> {
                sqlx::query(sql::DELETE_SESSION)
                    .bind(id_hash)
                    .execute(&self.pool)
                    .await
                    .map_err(db_error)?;
                Ok(())
            }

            async fn delete_expired_sessions(&self, now: OffsetDateTime) -> StoreResult<u64> {
                Ok(sqlx::query(sql::DELETE_EXPIRED_SESSIONS)
                    .bind(ts(micros(now)))
                    .execute(&self.pool)
                    .await
                    .map_err(db_error)?
                    .rows_affected())
            }

            async fn create_api_token(
                &self,
                token: &NewApiToken,
                actor: &str,
            ) -> StoreResult<ApiToken> {
                let now = micros(token.created_at);
                let mut tx = begin_write(&self.pool).await?;
                let user_id = user_id_in(&mut tx, &token.user).await?;
                let row = sqlx::query(sql::INSERT_API_TOKEN)
                    .bind(&token.name)
                    .bind(user_id)
                    .bind(&token.token_hash)
                    .bind(ts(now))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| {
                        conflict_on_unique(e, || {
                            format!("{} already has a live API token named `{}`", token.user, token.name)
                        })
                    })?;
                let id: Id = get(&row, "id")?;
                audit(
                    &mut tx,
                    now,
                    actor,
                    "token.create",
                    None,
                    &format!("token:{id}"),
                    json!({ "name": token.name, "user": token.user }),
                )
                .await?;
                let created = api_token_in(&mut tx, id).await?;
                commit(tx).await?;
                Ok(created)
            }

            async fn api_tokens(&self, user: Option<&str>) -> StoreResult<Vec<ApiToken>> {
                let mut qb = sqlx::QueryBuilder::<Db>::new(sql::SELECT_API_TOKENS);
                if let Some(user) = user {
                    qb.push(" WHERE u.name = ").push_bind(user.to_owned());
                }
                qb.push(" ORDER BY t.id");
                qb.build()
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(api_token_from_row)
                    .collect()
            }

            async fn authenticate_api_token(
                &self,
                token_hash: &str,
                now: OffsetDateTime,
            ) -> StoreResult<Option<(ApiToken, User)>> {
                let now = micros(now);
                let Some(row) = sqlx::query(sql::SELECT_LIVE_API_TOKEN)
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                else {
                    return Ok(None);
                };
                let user = user_from_row(&row)?;
                let mut token = ApiToken {
                    id: get(&row, "token_id")?,
                    name: get(&row, "token_name")?,
                    user: user.name.clone(),
                    token_hash: get(&row, "token_hash")?,
                    created_at: row_ts(&row, "token_created_at")?,
                    last_used_at: row_ts_opt(&row, "last_used_at")?,
                    revoked_at: row_ts_opt(&row, "revoked_at")?,
                };
                let a_minute_ago = now - time::Duration::minutes(1);
                if token.last_used_at.is_none_or(|t| t < a_minute_ago) {
                    // At most one write a minute per token, so CI polling does not queue
                    // writers on SQLite.
                    sqlx::query(sql::TOUCH_API_TOKEN)
                        .bind(token.id)
                        .bind(ts(now))
                        .bind(ts(a_minute_ago))
                        .execute(&self.pool)
                        .await
                        .map_err(db_error)?;
                    token.last_used_at = Some(now);
                }
                Ok(Some((token, user)))
            }

            async fn revoke_api_token(
                &self,
                id: Id,
                actor: &str,
                now: OffsetDateTime,
            ) -> StoreResult<ApiToken> {
                let now = micros(now);
                let mut tx = begin_write(&self.pool).await?;
                let token = api_token_in(&mut tx, id).await?;
                if token.revoked_at.is_some() {
                    return Ok(token);
                }
                sqlx::query(sql::REVOKE_API_TOKEN)
                    .bind(id)
                    .bind(ts(now))
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                audit(
                    &mut tx,
                    now,
                    actor,
                    "token.revoke",
                    None,
                    &format!("token:{id}"),
                    json!({ "name": token.name, "user": token.user }),
                )
                .await?;
                let revoked = api_token_in(&mut tx, id).await?;
                commit(tx).await?;
                Ok(revoked)
            }

            // ---- repositories

            async fn upsert_repository(
                &self,
                repo: &NewRepository,
                actor: &str,
            ) -> StoreResult<Repository> {
                let now = micros(OffsetDateTime::now_utc());
                let mut tx = begin_write(&self.pool).await?;
                let existing = sqlx::query(sql::SELECT_REPOSITORY_BY_NAME)
                    .bind(&repo.name)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_error)?
                    .map(|r| repository_from_row(&r))
                    .transpose()?;
                let detail = json!({
                    "url": repo.url, "default_branch": repo.default_branch, "forge": repo.forge,
                    "api_url": repo.api_url, "slug": repo.slug,
                });
                let stored = match existing {
                    Some(old) => {
                        let new = Repository {
                            url: repo.url.clone(),
                            default_branch: repo.default_branch.clone(),
                            forge: repo.forge.clone(),
                            api_url: repo.api_url.clone(),
                            slug: repo.slug.clone(),
                            ..old.clone()
                        };
                        if new != old {
                            sqlx::query(sql::UPDATE_REPOSITORY)
                                .bind(new.id)
                                .bind(&new.url)
                                .bind(&new.default_branch)
                                .bind(&new.forge)
                                .bind(&new.api_url)
                                .bind(&new.slug)
                                .execute(&mut *tx)
                                .await
                                .map_err(db_error)?;
                            let subject = format!("repository:{}", new.name);
                            audit(&mut tx, now, actor, "repository.update", None, &subject, detail)
                                .await?;
                        }
                        new
                    }
                    None => {
                        let row = sqlx::query(sql::INSERT_REPOSITORY)
                            .bind(&repo.name)
                            .bind(&repo.url)
                            .bind(&repo.default_branch)
                            .bind(&repo.forge)
                            .bind(&repo.api_url)
                            .bind(&repo.slug)
                            .bind(ts(now))
                            .fetch_one(&mut *tx)
                            .await
                            .map_err(|e| {
                                conflict_on_unique(e, || {
                                    format!("a repository named `{}` already exists", repo.name)
                                })
                            })?;
                        let subject = format!("repository:{}", repo.name);
                        audit(&mut tx, now, actor, "repository.add", None, &subject, detail).await?;
                        Repository {
                            id: get(&row, "id")?,
                            name: repo.name.clone(),
                            url: repo.url.clone(),
                            default_branch: repo.default_branch.clone(),
                            forge: repo.forge.clone(),
                            api_url: repo.api_url.clone(),
                            slug: repo.slug.clone(),
                            created_at: now,
                        }
                    }
                };
                commit(tx).await?;
                Ok(stored)
            }

            async fn repository(&self, name: &str) -> StoreResult<Repository> {
                let row = sqlx::query(sql::SELECT_REPOSITORY_BY_NAME)
                    .bind(name)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                    .ok_or_else(|| StoreError::NotFound {
                        what: format!("repository `{name}`"),
                    })?;
                repository_from_row(&row)
            }

            async fn repository_by_id(&self, id: Id) -> StoreResult<Repository> {
                let row = sqlx::query(sql::SELECT_REPOSITORY_BY_ID)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                    .ok_or_else(|| StoreError::NotFound {
                        what: format!("repository {id}"),
                    })?;
                repository_from_row(&row)
            }

            async fn repositories(&self) -> StoreResult<Vec<Repository>> {
                sqlx::query(sql::SELECT_REPOSITORIES)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(repository_from_row)
                    .collect()
            }

            // ---- campaigns

            async fn create_campaign(
                &self,
                campaign: &NewCampaign,
                actor: &str,
            ) -> StoreResult<Campaign> {
                let now = micros(OffsetDateTime::now_utc());
                let mut tx = begin_write(&self.pool).await?;
                let row = sqlx::query(sql::INSERT_CAMPAIGN)
                    .bind(&campaign.name)
                    .bind(&campaign.description)
                    .bind(Json(&campaign.rules))
                    .bind(Json(&campaign.repositories))
                    .bind(Json(&campaign.due_days))
                    .bind(&campaign.default_assignee)
                    .bind(CampaignState::Draft.as_str())
                    .bind(campaign.count_suppressed)
                    .bind(actor)
                    .bind(ts(now))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| {
                        conflict_on_unique(e, || {
                            format!("a campaign named `{}` already exists", campaign.name)
                        })
                    })?;
                let created = Campaign {
                    id: get(&row, "id")?,
                    name: campaign.name.clone(),
                    description: campaign.description.clone(),
                    rules: campaign.rules.clone(),
                    repositories: campaign.repositories.clone(),
                    due_days: campaign.due_days.clone(),
                    default_assignee: campaign.default_assignee.clone(),
                    state: CampaignState::Draft,
                    count_suppressed: campaign.count_suppressed,
                    created_by: actor.to_owned(),
                    created_at: now,
                };
                audit(
                    &mut tx,
                    now,
                    actor,
                    "campaign.create",
                    Some(created.id),
                    &format!("campaign:{}", created.name),
                    json!({ "description": created.description, "rules": created.rules,
                            "repositories": created.repositories, "due_days": created.due_days,
                            "default_assignee": created.default_assignee }),
                )
                .await?;
                commit(tx).await?;
                Ok(created)
            }

            async fn campaign(&self, name: &str) -> StoreResult<Campaign> {
                let row = sqlx::query(sql::SELECT_CAMPAIGN_BY_NAME)
                    .bind(name)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                    .ok_or_else(|| StoreError::NotFound {
                        what: format!("campaign `{name}`"),
                    })?;
                campaign_from_row(&row)
            }

            async fn campaign_by_id(&self, id: Id) -> StoreResult<Campaign> {
                let row = sqlx::query(sql::SELECT_CAMPAIGN_BY_ID)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                    .ok_or_else(|| StoreError::NotFound {
                        what: format!("campaign {id}"),
                    })?;
                campaign_from_row(&row)
            }

            async fn campaigns(&self) -> StoreResult<Vec<Campaign>> {
                sqlx::query(sql::SELECT_CAMPAIGNS)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(campaign_from_row)
                    .collect()
            }

            async fn set_campaign_state(
                &self,
                id: Id,
                state: CampaignState,
                actor: &str,
            ) -> StoreResult<Campaign> {
                let now = micros(OffsetDateTime::now_utc());
                let mut tx = begin_write(&self.pool).await?;
                let mut campaign = campaign_in(&mut tx, id).await?;
                if campaign.state != state {
                    sqlx::query(sql::UPDATE_CAMPAIGN_STATE)
                        .bind(id)
                        .bind(state.as_str())
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                    audit(
                        &mut tx,
                        now,
                        actor,
                        "campaign.state",
                        Some(id),
                        &format!("campaign:{}", campaign.name),
                        json!({ "from": campaign.state.as_str(), "to": state.as_str() }),
                    )
                    .await?;
                    campaign.state = state;
                }
                commit(tx).await?;
                Ok(campaign)
            }

            // ---- violations

            async fn apply_sync(&self, batch: &SyncBatch, actor: &str) -> StoreResult<SyncSummary> {
                let now = micros(batch.now);
                let mut tx = begin_write(&self.pool).await?;
                let campaign = campaign_in(&mut tx, batch.campaign_id).await?;
                let repository = repository_in(&mut tx, batch.repository_id).await?;
                let mut tracked: HashMap<String, Violation> = HashMap::new();
                for row in sqlx::query(sql::SELECT_VIOLATIONS_OF_REPOSITORY)
                    .bind(campaign.id)
                    .bind(repository.id)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db_error)?
                {
                    let v = violation_from_row(&row)?;
                    tracked.insert(v.fingerprint.clone(), v);
                }
                let excepted: HashSet<String> = sqlx::query(sql::SELECT_HELD_EXCEPTIONS)
                    .bind(ts(now))
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(|r| get::<String>(r, "fingerprint"))
                    .collect::<StoreResult<_>>()?;

                let mut summary = SyncSummary::default();
                let mut seen: HashSet<&str> = HashSet::new();
                for o in &batch.seen {
                    if !seen.insert(o.fingerprint.as_str()) {
                        continue; // a fingerprint is one violation; the first observation wins
                    }
                    let commit_moved;
                    match tracked.get_mut(&o.fingerprint) {
                        None => {
                            let status = if excepted.contains(&o.fingerprint) {
                                ViolationStatus::Excepted
                            } else {
                                ViolationStatus::Open
                            };
                            let mut v = Violation {
                                id: 0,
                                campaign_id: campaign.id,
                                repository_id: repository.id,
                                fingerprint: o.fingerprint.clone(),
                                rule_id: String::new(),
                                severity: o.severity,
                                message: String::new(),
                                address: String::new(),
                                instances: Vec::new(),
                                root_module: String::new(),
                                path: String::new(),
                                start_line: 0,
                                end_line: 0,
                                call_chain: Vec::new(),
                                fix_diff: None,
                                fix_applicability: None,
                                impact_note: None,
                                recommendation: None,
                                suppression: None,
                                status,
                                owner: None,
                                owner_source: None,
                                due_date: None,
                                first_seen: now,
                                last_seen: now,
                                scanned_commit: batch.commit.clone(),
                                fixed_commit: None,
                                fixed_at: None,
                            };
                            merge_observation(&mut v, o);
                            v.id = insert_violation(&mut tx, &v).await.map_err(|e| {
                                conflict_on_unique(e, || {
                                    format!(
                                        "fingerprint {} is already tracked in campaign `{}` for \
                                         another repository",
                                        o.fingerprint, campaign.name
                                    )
                                })
                            })?;
                            audit(
                                &mut tx,
                                now,
                                actor,
                                "violation.create",
                                Some(campaign.id),
                                &format!("violation:{}", v.id),
                                json!({ "fingerprint": v.fingerprint, "rule": v.rule_id,
                                        "status": status.as_str(), "commit": batch.commit }),
                            )
                            .await?;
                            summary.new += 1;
                            continue;
                        }
                        Some(v) => {
                            let changed = merge_observation(v, o);
                            commit_moved = v.scanned_commit != batch.commit;
                            if commit_moved {
                                v.last_seen = now;
                                v.scanned_commit.clone_from(&batch.commit);
                            }
                            if v.status == ViolationStatus::Fixed {
                                let to = if excepted.contains(&o.fingerprint) {
                                    ViolationStatus::Excepted
                                } else {
                                    ViolationStatus::Open
                                };
                                move_violation(
                                    &mut tx,
                                    v,
                                    to,
                                    now,
                                    actor,
                                    json!({ "commit": batch.commit, "reason": "seen again" }),
                                )
                                .await?;
                                summary.reopened += 1;
                            } else if v.status.is_outstanding() && excepted.contains(&o.fingerprint) {
                                move_violation(
                                    &mut tx,
                                    v,
                                    ViolationStatus::Excepted,
                                    now,
                                    actor,
                                    json!({ "commit": batch.commit,
                                            "reason": "an approved exception holds its fingerprint" }),
                                )
                                .await?;
                                summary.updated += 1;
                            } else if changed || commit_moved {
                                write_violation(&mut tx, v).await?;
                                if changed {
                                    summary.updated += 1;
                                } else {
                                    summary.unchanged += 1;
                                }
                            } else {
                                summary.unchanged += 1;
                            }
                        }
                    }
                }
                for fingerprint in &batch.fixed {
                    if seen.contains(fingerprint.as_str()) {
                        continue; // seen by the same scan: not fixed
                    }
                    let Some(v) = tracked.get_mut(fingerprint) else {
                        continue;
                    };
                    if v.status == ViolationStatus::Fixed {
                        continue;
                    }
                    v.fixed_commit = Some(batch.commit.clone());
                    v.fixed_at = Some(now);
                    move_violation(
                        &mut tx,
                        v,
                        ViolationStatus::Fixed,
                        now,
                        actor,
                        json!({ "commit": batch.commit }),
                    )
                    .await?;
                    summary.fixed += 1;
                }
                if summary.new + summary.updated + summary.reopened + summary.fixed > 0 {
                    audit(
                        &mut tx,
                        now,
                        actor,
                        "campaign.sync",
                        Some(campaign.id),
                        &format!("repository:{}", repository.name),
                        json!({ "commit": batch.commit, "new": summary.new,
                                "updated": summary.updated, "reopened": summary.reopened,
                                "fixed": summary.fixed, "unchanged": summary.unchanged }),
                    )
                    .await?;
                }
                commit(tx).await?;
                if summary.new + summary.fixed > 0 {
                    after_sync(&self.pool).await;
                }
                Ok(summary)
            }

            async fn violations(&self, query: &ViolationQuery) -> StoreResult<Page<Violation>> {
                let after = query
                    .after
                    .as_deref()
                    .map(|c| SortKey::decode(c, query))
                    .transpose()?;
                let mut qb = sqlx::QueryBuilder::<Db>::new(sql::SELECT_VIOLATIONS);
                qb.push(" WHERE 1 = 1");
                if let Some(c) = query.campaign_id {
                    qb.push(" AND campaign_id = ").push_bind(c);
                }
                if !query.statuses.is_empty() {
                    qb.push(" AND status IN (");
                    let mut list = qb.separated(", ");
                    for s in &query.statuses {
                        list.push_bind(s.as_str());
                    }
                    qb.push(")");
                }
                if !query.severities.is_empty() {
                    qb.push(" AND severity IN (");
                    let mut list = qb.separated(", ");
                    for s in &query.severities {
                        list.push_bind(severity_rank(*s));
                    }
                    qb.push(")");
                }
                if !query.owners.is_empty() {
                    qb.push(" AND lower(owner) IN (");
                    let mut list = qb.separated(", ");
                    for o in &query.owners {
                        list.push_bind(o.to_ascii_lowercase());
                    }
                    qb.push(")");
                }
                if let Some(r) = query.repository_id {
                    qb.push(" AND repository_id = ").push_bind(r);
                }
                if let Some(rule) = &query.rule_id {
                    qb.push(" AND rule_id = ").push_bind(rule.clone());
                }
                if let Some(f) = &query.fingerprint {
                    qb.push(" AND fingerprint = ").push_bind(f.clone());
                }
                if let Some(key) = after {
                    let op = if query.descending { " < " } else { " > " };
                    match key {
                        SortKey::Id(id) => {
                            qb.push(" AND id").push(op).push_bind(id);
                        }
                        SortKey::Severity(s, id) => {
                            qb.push(" AND (severity, id)").push(op).push("(");
                            qb.push_bind(s).push(", ").push_bind(id).push(")");
                        }
                        SortKey::Rule(t, id) => {
                            qb.push(" AND (rule_id, id)").push(op).push("(");
                            qb.push_bind(t).push(", ").push_bind(id).push(")");
                        }
                        SortKey::Path(p, l, id) => {
                            qb.push(" AND (path, start_line, id)").push(op).push("(");
                            qb.push_bind(p).push(", ").push_bind(l).push(", ");
                            qb.push_bind(id).push(")");
                        }
                        SortKey::Owner(t, id) => {
                            qb.push(" AND (owner, id)").push(op).push("(");
                            qb.push_bind(t).push(", ").push_bind(id).push(")");
                        }
                        SortKey::Due(d, id) => {
                            qb.push(format!(" AND ({}, id)", sql::DUE_KEY)).push(op).push("(");
                            qb.push_bind(d).push(", ").push_bind(id).push(")");
                        }
                        SortKey::Status(t, id) => {
                            qb.push(" AND (status, id)").push(op).push("(");
                            qb.push_bind(t).push(", ").push_bind(id).push(")");
                        }
                    }
                }
                qb.push(" ORDER BY ");
                qb.push(imp::order_by(query.sort, query.descending, sql::DUE_KEY));
                if query.limit > 0 {
                    qb.push(" LIMIT ").push_bind(i64::from(query.limit) + 1);
                }
                let rows = qb.build().fetch_all(&self.pool).await.map_err(db_error)?;
                let mut items = rows
                    .iter()
                    .map(violation_from_row)
                    .collect::<StoreResult<Vec<_>>>()?;
                let limit = usize::try_from(query.limit).unwrap_or(usize::MAX);
                let next = if query.limit > 0 && items.len() > limit {
                    items.truncate(limit);
                    items
                        .last()
                        .map(|v| SortKey::of(v, query.sort).encode(query.sort, query.descending))
                } else {
                    None
                };
                Ok(Page { items, next })
            }

            async fn violation(&self, id: Id) -> StoreResult<Violation> {
                let row = sqlx::query(sql::SELECT_VIOLATION_BY_ID)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                    .ok_or_else(|| StoreError::NotFound {
                        what: format!("violation {id}"),
                    })?;
                violation_from_row(&row)
            }

            async fn assign(&self, id: Id, owner: &str, actor: &str) -> StoreResult<Violation> {
                let now = micros(OffsetDateTime::now_utc());
                let mut tx = begin_write(&self.pool).await?;
                let mut v = violation_in(&mut tx, id).await?;
                let from = v.owner.clone();
                v.owner = (!owner.is_empty()).then(|| owner.to_owned());
                v.owner_source = Some($crate::model::OwnerSource::Manual);
                write_violation(&mut tx, &v).await?;
                audit(
                    &mut tx,
                    now,
                    actor,
                    "violation.assign",
                    Some(v.campaign_id),
                    &format!("violation:{id}"),
                    json!({ "from": from, "to": v.owner }),
                )
                .await?;
                commit(tx).await?;
                Ok(v)
            }

            async fn set_status(
                &self,
                ids: &[Id],
                status: ViolationStatus,
                note: &str,
                actor: &str,
            ) -> StoreResult<()> {
                if matches!(status, ViolationStatus::Fixed | ViolationStatus::Excepted) {
                    return Err(StoreError::Conflict(format!(
                        "a violation becomes `{status}` through a sync or an approved exception, \
                         not by hand"
                    )));
                }
                let now = micros(OffsetDateTime::now_utc());
                let mut tx = begin_write(&self.pool).await?;
                for &id in ids {
                    let mut v = violation_in(&mut tx, id).await?;
                    if v.status != status {
                        move_violation(&mut tx, &mut v, status, now, actor, json!({ "note": note }))
                            .await?;
                    }
                }
                commit(tx).await
            }

            async fn counts(&self, campaign_id: Id, today: Date) -> StoreResult<Vec<CountRow>> {
                sqlx::query(sql::SELECT_COUNTS)
                    .bind(campaign_id)
                    .bind(today)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(|row| {
                        let owner: String = get(row, "owner")?;
                        Ok(CountRow {
                            status: keyword("violations", &get::<String>(row, "status")?)?,
                            severity: severity_from_rank("violations", get(row, "severity")?)?,
                            owner: (!owner.is_empty()).then_some(owner),
                            repository: get(row, "repository")?,
                            rule_id: get(row, "rule_id")?,
                            overdue: get(row, "overdue")?,
                            suppressed: get(row, "suppressed")?,
                            count: to_u64(get(row, "n")?),
                        })
                    })
                    .collect()
            }

            // ---- remediations

            async fn record_remediation(
                &self,
                record: &RemediationRecord,
                actor: &str,
            ) -> StoreResult<Remediation> {
                let now = micros(record.now);
                let mut tx = begin_write(&self.pool).await?;
                let campaign = campaign_in(&mut tx, record.campaign_id).await?;
                repository_in(&mut tx, record.repository_id).await?;
                let mut carried = Vec::with_capacity(record.violation_ids.len());
                for &id in &record.violation_ids {
                    let v = violation_in(&mut tx, id).await?;
                    if v.campaign_id != campaign.id || v.repository_id != record.repository_id {
                        return Err(StoreError::NotFound {
                            what: format!(
                                "violation {id} in campaign `{}` and repository {}",
                                campaign.name, record.repository_id
                            ),
                        });
                    }
                    carried.push(v);
                }
                let existing = sqlx::query(sql::SELECT_REMEDIATION_BY_KEY)
                    .bind(record.campaign_id)
                    .bind(record.repository_id)
                    .bind(&record.group_key)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_error)?;
                let id: Id = match existing {
                    Some(row) => {
                        let id: Id = get(&row, "id")?;
                        sqlx::query(sql::UPDATE_REMEDIATION_PUSH)
                            .bind(id)
                            .bind(&record.branch)
                            .bind(&record.base_branch)
                            .bind(&record.pushed_commit)
                            .bind(&record.url)
                            .bind(record.number)
                            .bind(record.state.as_str())
                            .bind(ts(now))
                            .execute(&mut *tx)
                            .await
                            .map_err(db_error)?;
                        sqlx::query(sql::DELETE_REMEDIATION_VIOLATIONS)
                            .bind(id)
                            .execute(&mut *tx)
                            .await
                            .map_err(db_error)?;
                        id
                    }
                    None => {
                        let row = sqlx::query(sql::INSERT_REMEDIATION)
                            .bind(record.campaign_id)
                            .bind(record.repository_id)
                            .bind(&record.group_key)
                            .bind(&record.branch)
                            .bind(&record.base_branch)
                            .bind(&record.pushed_commit)
                            .bind(&record.url)
                            .bind(record.number)
                            .bind(record.state.as_str())
                            .bind(ts(now))
                            .fetch_one(&mut *tx)
                            .await
                            .map_err(db_error)?;
                        get(&row, "id")?
                    }
                };
                let mut linked = HashSet::new();
                for v in &carried {
                    if linked.insert(v.id) {
                        sqlx::query(sql::INSERT_REMEDIATION_VIOLATION)
                            .bind(id)
                            .bind(v.id)
                            .execute(&mut *tx)
                            .await
                            .map_err(db_error)?;
                    }
                }
                audit(
                    &mut tx,
                    now,
                    actor,
                    "remediation.push",
                    Some(campaign.id),
                    &format!("remediation:{id}"),
                    json!({ "branch": record.branch, "commit": record.pushed_commit,
                            "url": record.url, "state": record.state.as_str(),
                            "violations": linked.len() }),
                )
                .await?;
                let to = imp::pushed_status(record.state);
                let mut moved = HashSet::new();
                for mut v in carried {
                    if v.status.is_outstanding() && v.status != to && moved.insert(v.id) {
                        move_violation(
                            &mut tx,
                            &mut v,
                            to,
                            now,
                            actor,
                            json!({ "remediation": id, "commit": record.pushed_commit }),
                        )
                        .await?;
                    }
                }
                let stored = remediation_in(&mut tx, id).await?;
                commit(tx).await?;
                Ok(stored)
            }

            async fn remediations(&self, campaign_id: Id) -> StoreResult<Vec<Remediation>> {
                let mut links: BTreeMap<Id, Vec<Id>> = BTreeMap::new();
                for row in sqlx::query(sql::SELECT_CAMPAIGN_REMEDIATION_VIOLATIONS)
                    .bind(campaign_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                {
                    links
                        .entry(get(&row, "remediation_id")?)
                        .or_default()
                        .push(get(&row, "violation_id")?);
                }
                sqlx::query(sql::SELECT_REMEDIATIONS)
                    .bind(campaign_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(|row| {
                        let id: Id = get(row, "id")?;
                        remediation_from_row(row, links.remove(&id).unwrap_or_default())
                    })
                    .collect()
            }

            async fn set_remediation_state(
                &self,
                id: Id,
                state: PullRequestState,
                merge_commit: Option<&str>,
                actor: &str,
            ) -> StoreResult<Remediation> {
                let now = micros(OffsetDateTime::now_utc());
                let mut tx = begin_write(&self.pool).await?;
                let old = remediation_in(&mut tx, id).await?;
                let merge_commit = merge_commit.map(str::to_owned).or(old.merge_commit.clone());
                if old.state != state || old.merge_commit != merge_commit {
                    sqlx::query(sql::UPDATE_REMEDIATION_STATE)
                        .bind(id)
                        .bind(state.as_str())
                        .bind(&merge_commit)
                        .bind(ts(now))
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                    audit(
                        &mut tx,
                        now,
                        actor,
                        "remediation.state",
                        Some(old.campaign_id),
                        &format!("remediation:{id}"),
                        json!({ "from": old.state.as_str(), "to": state.as_str(),
                                "merge_commit": merge_commit }),
                    )
                    .await?;
                }
                let stored = remediation_in(&mut tx, id).await?;
                commit(tx).await?;
                Ok(stored)
            }

            // ---- exceptions

            async fn request_exception(&self, request: &NewException) -> StoreResult<Exception> {
                let now = micros(request.now);
                let mut tx = begin_write(&self.pool).await?;
                let v = violation_in(&mut tx, request.violation_id).await?;
                let pending = sqlx::query(sql::SELECT_PENDING_EXCEPTION)
                    .bind(v.id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_error)?;
                let conflict = |id: Option<Id>| {
                    StoreError::Conflict(match id {
                        Some(id) => format!(
                            "violation {} already has exception {id} requested or approved",
                            v.id
                        ),
                        None => format!("violation {} already has an exception requested or approved", v.id),
                    })
                };
                if let Some(row) = pending {
                    return Err(conflict(Some(get(&row, "id")?)));
                }
                let expires_at = micros(request.expires_at);
                let row = sqlx::query(sql::INSERT_EXCEPTION)
                    .bind(v.campaign_id)
                    .bind(v.id)
                    .bind(&v.fingerprint)
                    .bind(&request.reason)
                    .bind(&request.requester)
                    .bind(ts(now))
                    .bind(ts(expires_at))
                    .bind(ExceptionState::Requested.as_str())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| {
                        if imp::is_unique_violation(&e) { conflict(None) } else { db_error(e) }
                    })?;
                let created = Exception {
                    id: get(&row, "id")?,
                    campaign_id: v.campaign_id,
                    violation_id: v.id,
                    fingerprint: v.fingerprint.clone(),
                    reason: request.reason.clone(),
                    requester: request.requester.clone(),
                    requested_at: now,
                    expires_at,
                    state: ExceptionState::Requested,
                    approver: None,
                    decided_at: None,
                    decision_note: None,
                };
                audit(
                    &mut tx,
                    now,
                    &request.requester,
                    "exception.request",
                    Some(v.campaign_id),
                    &format!("exception:{}", created.id),
                    json!({ "violation": v.id, "fingerprint": v.fingerprint,
                            "reason": request.reason, "expires_at": expires_at }),
                )
                .await?;
                commit(tx).await?;
                Ok(created)
            }

            async fn decide_exception(
                &self,
                id: Id,
                approve: bool,
                approver: &str,
                note: Option<&str>,
                now: OffsetDateTime,
            ) -> StoreResult<Exception> {
                let now = micros(now);
                let mut tx = begin_write(&self.pool).await?;
                let mut e = exception_in(&mut tx, id).await?;
                if e.state != ExceptionState::Requested {
                    return Err(StoreError::Conflict(format!(
                        "exception {id} is {}, not requested: it was decided already",
                        e.state
                    )));
                }
                e.state = if approve {
                    ExceptionState::Approved
                } else {
                    ExceptionState::Denied
                };
                e.approver = Some(approver.to_owned());
                e.decided_at = Some(now);
                e.decision_note = note.map(str::to_owned);
                sqlx::query(sql::UPDATE_EXCEPTION_DECISION)
                    .bind(id)
                    .bind(e.state.as_str())
                    .bind(&e.approver)
                    .bind(ts(now))
                    .bind(&e.decision_note)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                audit(
                    &mut tx,
                    now,
                    approver,
                    if approve { "exception.approve" } else { "exception.deny" },
                    Some(e.campaign_id),
                    &format!("exception:{id}"),
                    json!({ "violation": e.violation_id, "note": e.decision_note }),
                )
                .await?;
                if approve {
                    let mut v = violation_in(&mut tx, e.violation_id).await?;
                    if !matches!(v.status, ViolationStatus::Excepted | ViolationStatus::Fixed) {
                        move_violation(
                            &mut tx,
                            &mut v,
                            ViolationStatus::Excepted,
                            now,
                            approver,
                            json!({ "exception": id }),
                        )
                        .await?;
                    }
                }
                commit(tx).await?;
                Ok(e)
            }

            async fn exception(&self, id: Id) -> StoreResult<Exception> {
                let row = sqlx::query(sql::SELECT_EXCEPTION_BY_ID)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                    .ok_or_else(|| StoreError::NotFound {
                        what: format!("exception {id}"),
                    })?;
                exception_from_row(&row)
            }

            async fn exceptions(&self, query: &ExceptionQuery) -> StoreResult<Vec<Exception>> {
                let mut qb = sqlx::QueryBuilder::<Db>::new(sql::SELECT_EXCEPTIONS);
                qb.push(" WHERE 1 = 1");
                if let Some(c) = query.campaign_id {
                    qb.push(" AND campaign_id = ").push_bind(c);
                }
                if let Some(v) = query.violation_id {
                    qb.push(" AND violation_id = ").push_bind(v);
                }
                if !query.states.is_empty() {
                    qb.push(" AND state IN (");
                    let mut list = qb.separated(", ");
                    for s in &query.states {
                        list.push_bind(s.as_str());
                    }
                    qb.push(")");
                }
                qb.push(" ORDER BY requested_at DESC, id DESC");
                qb.build()
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(exception_from_row)
                    .collect()
            }

            async fn expire_exceptions(
                &self,
                now: OffsetDateTime,
                actor: &str,
            ) -> StoreResult<Vec<Exception>> {
                let now = micros(now);
                let mut tx = begin_write(&self.pool).await?;
                let due = sqlx::query(sql::SELECT_EXCEPTIONS_TO_EXPIRE)
                    .bind(ts(now))
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(exception_from_row)
                    .collect::<StoreResult<Vec<_>>>()?;
                let mut expired = Vec::with_capacity(due.len());
                let held: HashSet<String> = sqlx::query(sql::SELECT_HELD_EXCEPTIONS)
                    .bind(ts(now))
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(|r| get::<String>(r, "fingerprint"))
                    .collect::<StoreResult<_>>()?;
                for mut e in due {
                    sqlx::query(sql::UPDATE_EXCEPTION_STATE)
                        .bind(e.id)
                        .bind(ExceptionState::Expired.as_str())
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                    audit(
                        &mut tx,
                        now,
                        actor,
                        "exception.expire",
                        Some(e.campaign_id),
                        &format!("exception:{}", e.id),
                        json!({ "violation": e.violation_id, "expires_at": e.expires_at }),
                    )
                    .await?;
                    // Every violation the exception kept excepted (its own, and those with the
                    // same fingerprint in other campaigns) reopens, unless another approved,
                    // unexpired exception still holds the fingerprint.
                    if !held.contains(&e.fingerprint) {
                        let rows = sqlx::query(sql::SELECT_VIOLATIONS_BY_FINGERPRINT_STATUS)
                            .bind(&e.fingerprint)
                            .bind(ViolationStatus::Excepted.as_str())
                            .fetch_all(&mut *tx)
                            .await
                            .map_err(db_error)?;
                        for row in rows {
                            let mut v = violation_from_row(&row)?;
                            move_violation(
                                &mut tx,
                                &mut v,
                                ViolationStatus::Open,
                                now,
                                actor,
                                json!({ "exception": e.id, "reason": "exception expired" }),
                            )
                            .await?;
                        }
                    }
                    e.state = ExceptionState::Expired;
                    expired.push(e);
                }
                commit(tx).await?;
                Ok(expired)
            }

            // ---- snapshots and audit

            async fn record_snapshot(&self, campaign_id: Id, day: Date) -> StoreResult<Snapshot> {
                let mut tx = begin_write(&self.pool).await?;
                campaign_in(&mut tx, campaign_id).await?;
                let mut counts: BTreeMap<ViolationStatus, u64> =
                    ViolationStatus::ALL.iter().map(|s| (*s, 0)).collect();
                for row in sqlx::query(sql::SELECT_STATUS_COUNTS)
                    .bind(campaign_id)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db_error)?
                {
                    let status: ViolationStatus =
                        keyword("violations", &get::<String>(&row, "status")?)?;
                    counts.insert(status, to_u64(get(&row, "n")?));
                }
                let n = |s: ViolationStatus| i64::try_from(counts[&s]).unwrap_or(i64::MAX);
                sqlx::query(sql::UPSERT_SNAPSHOT)
                    .bind(campaign_id)
                    .bind(day)
                    .bind(n(ViolationStatus::Open))
                    .bind(n(ViolationStatus::FixProposed))
                    .bind(n(ViolationStatus::InReview))
                    .bind(n(ViolationStatus::Fixed))
                    .bind(n(ViolationStatus::Excepted))
                    .bind(n(ViolationStatus::WontFix))
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                commit(tx).await?;
                Ok(Snapshot {
                    campaign_id,
                    day,
                    counts,
                })
            }

            async fn snapshots(&self, campaign_id: Id) -> StoreResult<Vec<Snapshot>> {
                sqlx::query(sql::SELECT_SNAPSHOTS)
                    .bind(campaign_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(|row| {
                        let mut counts = BTreeMap::new();
                        for (status, col) in [
                            (ViolationStatus::Open, "open_count"),
                            (ViolationStatus::FixProposed, "fix_proposed_count"),
                            (ViolationStatus::InReview, "in_review_count"),
                            (ViolationStatus::Fixed, "fixed_count"),
                            (ViolationStatus::Excepted, "excepted_count"),
                            (ViolationStatus::WontFix, "wont_fix_count"),
                        ] {
                            counts.insert(status, to_u64(get(row, col)?));
                        }
                        Ok(Snapshot {
                            campaign_id: get(row, "campaign_id")?,
                            day: get(row, "day")?,
                            counts,
                        })
                    })
                    .collect()
            }

            async fn audit(&self, query: &AuditQuery) -> StoreResult<Vec<AuditEntry>> {
                let mut qb = sqlx::QueryBuilder::<Db>::new(sql::SELECT_AUDIT);
                qb.push(" WHERE 1 = 1");
                if let Some(c) = query.campaign_id {
                    qb.push(" AND campaign_id = ").push_bind(c);
                }
                if let Some(s) = &query.subject {
                    qb.push(" AND subject = ").push_bind(s.clone());
                }
                qb.push(" ORDER BY id DESC");
                if query.limit > 0 {
                    qb.push(" LIMIT ").push_bind(i64::from(query.limit));
                }
                qb.build()
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(audit_from_row)
                    .collect()
            }

            async fn revision(&self) -> StoreResult<String> {
                let row = sqlx::query(sql::SELECT_REVISION)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(db_error)?;
                get(&row, "revision")
            }
        }

    }
    };
}

pub(crate) use store_impl;
