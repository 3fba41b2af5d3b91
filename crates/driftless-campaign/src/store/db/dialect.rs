//! What SQLite and PostgreSQL do differently, as data: a [`Dialect`] per backend.
//!
//! The differences in how values are stored sit beside the code that binds and reads them
//! ([`Value`](super::Value), [`Row`](super::Row)): SQLite keeps timestamps as fixed-width
//! UTC text ([`sqlite_timestamp`]), booleans as 0/1, JSON as text and days as
//! `YYYY-MM-DD` text; PostgreSQL has `TIMESTAMPTZ`, `BOOLEAN`, `JSONB` and `DATE`.

use crate::store::{StoreError, StoreResult};
use time::format_description::FormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

/// The SQL fragments and behaviours one backend needs of its own.
#[derive(Debug)]
pub(crate) struct Dialect {
    /// The backend's name in messages: `SQLite`, `PostgreSQL`.
    pub(crate) name: &'static str,
    /// The statement that starts a write transaction, or `None` for the driver's `BEGIN`.
    /// SQLite's `BEGIN IMMEDIATE` takes the write lock up front (waiting up to the busy
    /// timeout), so a transaction never fails on lock upgrade half-way and writers queue
    /// instead of failing.
    pub(crate) begin_write: Option<&'static str>,
    /// The due-date sort key: no due date sorts last ascending. The index
    /// `violations_campaign_due` is on the same expression, so it must stay as the
    /// migration wrote it.
    pub(crate) due_key: &'static str,
    /// The statement reading the store's revision
    /// ([`Store::revision`](crate::Store::revision)) as one text column `revision`.
    pub(crate) select_revision: &'static str,
    /// A statement run after a sync that added or fixed violations, or `None`.
    pub(crate) after_sync: Option<&'static str>,
}

/// SQLite.
pub(super) const SQLITE: Dialect = Dialect {
    name: "SQLite",
    begin_write: Some("BEGIN IMMEDIATE"),
    due_key: "COALESCE(due_date, '9999-12-31')",
    // The newest audit entry's id: SQLite commits writes one at a time, in id order.
    select_revision: "SELECT CAST(COALESCE(MAX(id), 0) AS TEXT) AS revision FROM audit_log",
    // Refreshes the planner's statistics when they are missing or stale: without them SQLite
    // cannot tell a rare owner or rule from a common one, and a filtered, sorted page of 100k
    // violations walks the sort index instead of the filter's (hundreds of ms). `0x10002`
    // looks at every table, runs `ANALYZE` (with a bounded analysis limit) only where the
    // row count moved a lot since the last one, and is a no-op otherwise.
    after_sync: Some("PRAGMA optimize=0x10002"),
};

/// PostgreSQL.
pub(super) const POSTGRES: Dialect = Dialect {
    name: "PostgreSQL",
    begin_write: None,
    due_key: "COALESCE(due_date, DATE '9999-12-31')",
    // The newest audit id, then the transactions that may still append to the audit log
    // (they hold `RowExclusiveLock` on it from before their ids are drawn until they end).
    // Transactions commit out of id order: one that drew a lower id and commits later was in
    // that list when the newer id was read, and leaves it when it ends. `pg_locks` shows
    // fast-path locks too and needs no privilege.
    select_revision: "SELECT \
         (SELECT COALESCE(MAX(id), 0) FROM audit_log)::text || ':' || \
         COALESCE((SELECT string_agg(virtualtransaction, ',' ORDER BY virtualtransaction) \
                   FROM pg_locks WHERE locktype = 'relation' AND mode = 'RowExclusiveLock' \
                   AND relation = 'audit_log'::regclass \
                   AND database = (SELECT oid FROM pg_database WHERE datname = current_database())), \
                  '') AS revision",
    // Autovacuum keeps PostgreSQL's planner statistics.
    after_sync: None,
};

/// SQLite's stored timestamp format: UTC, microseconds, fixed width (sorts as text).
const SQLITE_TS_FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// `t` in UTC, truncated to whole microseconds (what PostgreSQL keeps), so a value reads
/// back equal to what was written on both backends.
pub(crate) fn micros(t: OffsetDateTime) -> OffsetDateTime {
    let t = t.to_offset(UtcOffset::UTC);
    t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000)
        .unwrap_or(t)
}

/// A timestamp as SQLite stores it: `2025-01-31T12:00:00.000000Z`.
pub(super) fn sqlite_timestamp(t: OffsetDateTime) -> String {
    micros(t)
        .format(SQLITE_TS_FORMAT)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// Reads a timestamp SQLite stored with [`sqlite_timestamp`].
///
/// # Errors
/// [`StoreError::Corrupt`] when `text` is not one.
pub(super) fn parse_sqlite_timestamp(text: &str) -> StoreResult<OffsetDateTime> {
    time::PrimitiveDateTime::parse(text, SQLITE_TS_FORMAT)
        .map(time::PrimitiveDateTime::assume_utc)
        .map_err(|e| StoreError::Corrupt {
            table: "(timestamp)",
            message: format!("`{text}`: {e}"),
        })
}
