//! A statement and its arguments, run on either backend.

use super::dialect::{micros, sqlite_timestamp};
use super::{DbError, Exec, Row};
use crate::store::{StoreError, StoreResult};
use serde::Serialize;
use sqlx::postgres::{PgArguments, Postgres};
use sqlx::sqlite::{Sqlite, SqliteArguments};
use sqlx::types::Json;
use sqlx::{AssertSqlSafe, PgConnection, SqliteConnection};
use std::fmt::Write as _;
use time::{Date, OffsetDateTime};

/// One bound argument, typed the way the columns are: each backend binds it as it stores
/// that kind of value (see [`Query`]). `None` binds SQL `NULL` of the column's type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A 64-bit integer: ids, ranks, line numbers, counts.
    Int(Option<i64>),
    /// Text.
    Text(Option<String>),
    /// A boolean: SQLite 0/1, PostgreSQL `BOOLEAN`.
    Bool(bool),
    /// A calendar day: SQLite `YYYY-MM-DD` text, PostgreSQL `DATE`.
    Day(Option<Date>),
    /// A point in time, truncated to microseconds: SQLite fixed-width UTC text (sorts as
    /// text), PostgreSQL `TIMESTAMPTZ`.
    Time(Option<OffsetDateTime>),
    /// A JSON document: SQLite text, PostgreSQL `JSONB`.
    Json(serde_json::Value),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Self::Int(Some(v))
    }
}

impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Self {
        Self::Int(v)
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Self::Bool(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Self::Text(Some(v.to_owned()))
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Self::Text(Some(v))
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Self::Text(Some(v.clone()))
    }
}

impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Self {
        Self::Text(v.map(str::to_owned))
    }
}

impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        Self::Text(v)
    }
}

impl From<&Option<String>> for Value {
    fn from(v: &Option<String>) -> Self {
        Self::Text(v.clone())
    }
}

impl From<Date> for Value {
    fn from(v: Date) -> Self {
        Self::Day(Some(v))
    }
}

impl From<Option<Date>> for Value {
    fn from(v: Option<Date>) -> Self {
        Self::Day(v)
    }
}

impl From<OffsetDateTime> for Value {
    fn from(v: OffsetDateTime) -> Self {
        Self::Time(Some(v))
    }
}

impl From<Option<OffsetDateTime>> for Value {
    fn from(v: Option<OffsetDateTime>) -> Self {
        Self::Time(v)
    }
}

/// SQL text with `$N` placeholders and its arguments. Statements are written once for both
/// backends: sqlx's SQLite driver reads `$N` as parameter number N, as PostgreSQL does.
///
/// Build one with [`Query::new`] and [`Query::bind`] (the placeholders are in the text), or
/// grow it with [`Query::push`] and [`Query::push_bind`] (which writes the next `$N`) for
/// filters known only at run time. The text is only ever the store's own constants and
/// placeholders: every value is bound.
pub(crate) struct Query {
    sql: String,
    args: Vec<Value>,
    /// The first argument that could not be encoded; running the query returns it.
    encode_error: Option<String>,
}

/// The statement and how many arguments it has, never their values: arguments include
/// password and token hashes.
impl std::fmt::Debug for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Query")
            .field("sql", &self.sql)
            .field("args", &self.args.len())
            .finish_non_exhaustive()
    }
}

impl Query {
    /// A statement with no arguments bound yet.
    pub(crate) fn new(sql: &str) -> Self {
        Self {
            sql: sql.to_owned(),
            args: Vec::new(),
            encode_error: None,
        }
    }

    /// Binds the next argument (`$1`, then `$2`...).
    #[must_use]
    pub(crate) fn bind(mut self, value: impl Into<Value>) -> Self {
        self.args.push(value.into());
        self
    }

    /// Binds `value` serialised as JSON.
    #[must_use]
    pub(crate) fn bind_json(mut self, value: &impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(json) => self.args.push(Value::Json(json)),
            Err(e) => {
                let n = self.args.len() + 1;
                self.encode_error
                    .get_or_insert_with(|| format!("Encoding argument ${n} failed: {e}"));
                self.args.push(Value::Json(serde_json::Value::Null));
            }
        }
        self
    }

    /// Appends SQL text.
    pub(crate) fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Appends the next placeholder (`$N`) and binds `value` to it.
    pub(crate) fn push_bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.args.push(value.into());
        let _ = write!(self.sql, "${}", self.args.len());
        self
    }

    /// Appends a parenthesised, comma-separated list of placeholders bound to `values`:
    /// `($3, $4)`, for `IN` filters.
    pub(crate) fn push_list<V: Into<Value>>(
        &mut self,
        values: impl IntoIterator<Item = V>,
    ) -> &mut Self {
        self.push("(");
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push_bind(value);
        }
        self.push(")")
    }

    /// Runs the query and returns every row.
    ///
    /// # Errors
    /// The driver's.
    pub(crate) async fn fetch_all<'c>(self, on: impl Into<Exec<'c>>) -> Result<Vec<Row>, DbError> {
        Ok(match self.prepare(on.into())? {
            Prepared::Sqlite(q, c) => q.fetch_all(c).await?.into_iter().map(Row::Sqlite).collect(),
            Prepared::Postgres(q, c) => q
                .fetch_all(c)
                .await?
                .into_iter()
                .map(Row::Postgres)
                .collect(),
        })
    }

    /// Runs the query and returns its first row, if any.
    ///
    /// # Errors
    /// The driver's.
    pub(crate) async fn fetch_optional<'c>(
        self,
        on: impl Into<Exec<'c>>,
    ) -> Result<Option<Row>, DbError> {
        Ok(match self.prepare(on.into())? {
            Prepared::Sqlite(q, c) => q.fetch_optional(c).await?.map(Row::Sqlite),
            Prepared::Postgres(q, c) => q.fetch_optional(c).await?.map(Row::Postgres),
        })
    }

    /// Runs the query and returns its first row.
    ///
    /// # Errors
    /// The driver's; `RowNotFound` when there is no row.
    pub(crate) async fn fetch_one<'c>(self, on: impl Into<Exec<'c>>) -> Result<Row, DbError> {
        self.fetch_optional(on)
            .await?
            .ok_or_else(|| DbError::from(sqlx::Error::RowNotFound))
    }

    /// Runs the statement and returns how many rows it changed.
    ///
    /// # Errors
    /// The driver's.
    pub(crate) async fn execute<'c>(self, on: impl Into<Exec<'c>>) -> Result<u64, DbError> {
        Ok(match self.prepare(on.into())? {
            Prepared::Sqlite(q, c) => q.execute(c).await?.rows_affected(),
            Prepared::Postgres(q, c) => q.execute(c).await?.rows_affected(),
        })
    }

    /// Runs the query and maps every row with `f`.
    ///
    /// # Errors
    /// [`StoreError::Database`]; `f`'s.
    pub(crate) async fn all<'c, T>(
        self,
        on: impl Into<Exec<'c>>,
        f: impl FnMut(&Row) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        self.fetch_all(on).await?.iter().map(f).collect()
    }

    /// Runs the query and maps its first row with `f`.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] with `what` (`campaign 3`) when there is no row;
    /// [`StoreError::Database`]; `f`'s.
    pub(crate) async fn one<'c, T>(
        self,
        on: impl Into<Exec<'c>>,
        what: impl FnOnce() -> String,
        f: impl FnOnce(&Row) -> StoreResult<T>,
    ) -> StoreResult<T> {
        match self.fetch_optional(on).await? {
            Some(row) => f(&row),
            None => Err(StoreError::NotFound { what: what() }),
        }
    }

    /// The driver's query for the backend of `on`, with every argument bound, beside the
    /// connection it runs on.
    fn prepare(self, on: Exec<'_>) -> Result<Prepared<'_>, DbError> {
        if let Some(message) = self.encode_error {
            return Err(sqlx::Error::Encode(message.into()).into());
        }
        let sql = AssertSqlSafe(self.sql);
        Ok(match on {
            Exec::Sqlite(conn) => {
                let q = self.args.into_iter().fold(sqlx::query(sql), bind_sqlite);
                Prepared::Sqlite(q, conn)
            }
            Exec::Postgres(conn) => {
                let q = self.args.into_iter().fold(sqlx::query(sql), bind_postgres);
                Prepared::Postgres(q, conn)
            }
        })
    }
}

type SqliteQuery = sqlx::query::Query<'static, Sqlite, SqliteArguments>;
type PgQuery = sqlx::query::Query<'static, Postgres, PgArguments>;

/// A query bound for one backend, with the connection it runs on.
enum Prepared<'c> {
    Sqlite(SqliteQuery, &'c mut SqliteConnection),
    Postgres(PgQuery, &'c mut PgConnection),
}

/// Binds `value` as SQLite stores it.
fn bind_sqlite(q: SqliteQuery, value: Value) -> SqliteQuery {
    match value {
        Value::Int(v) => q.bind(v),
        Value::Text(v) => q.bind(v),
        Value::Bool(v) => q.bind(v),
        Value::Day(v) => q.bind(v),
        Value::Time(v) => q.bind(v.map(sqlite_timestamp)),
        Value::Json(v) => q.bind(Json(v)),
    }
}

/// Binds `value` as PostgreSQL stores it.
fn bind_postgres(q: PgQuery, value: Value) -> PgQuery {
    match value {
        Value::Int(v) => q.bind(v),
        Value::Text(v) => q.bind(v),
        Value::Bool(v) => q.bind(v),
        Value::Day(v) => q.bind(v),
        Value::Time(v) => q.bind(v.map(micros)),
        Value::Json(v) => q.bind(Json(v)),
    }
}
