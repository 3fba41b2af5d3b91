//! A result row of either backend, with typed getters.

use super::db_error;
use super::dialect::parse_sqlite_timestamp;
use crate::store::{StoreError, StoreResult};
use serde::de::DeserializeOwned;
use sqlx::postgres::{PgRow, Postgres};
use sqlx::sqlite::{Sqlite, SqliteRow};
use sqlx::types::Json;
use sqlx::{Decode, Row as _, Type};
use std::fmt::Display;
use std::str::FromStr;
use time::OffsetDateTime;

/// A result row.
#[derive(Debug)]
pub(crate) enum Row {
    /// From SQLite.
    Sqlite(SqliteRow),
    /// From PostgreSQL.
    Postgres(PgRow),
}

/// A Rust type both drivers decode from the same kind of column: `i64`, `String`, `bool`
/// (SQLite 0/1, PostgreSQL `BOOLEAN`), `time::Date` (SQLite text, PostgreSQL `DATE`), and
/// `Option`s of them.
pub(crate) trait Column:
    for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres>
{
}

impl<T> Column for T where
    T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres>
{
}

impl Row {
    /// Column `col`.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the column is missing or of another type.
    pub(crate) fn get<T: Column>(&self, col: &str) -> StoreResult<T> {
        match self {
            Self::Sqlite(row) => row.try_get(col),
            Self::Postgres(row) => row.try_get(col),
        }
        .map_err(|e| db_error(&e))
    }

    /// JSON column `col` (SQLite text, PostgreSQL `JSONB`).
    ///
    /// # Errors
    /// [`StoreError::Database`] when it is missing or does not hold a `T`.
    pub(crate) fn json<T: DeserializeOwned + 'static>(&self, col: &str) -> StoreResult<T> {
        let Json(value) = self.get::<Json<T>>(col)?;
        Ok(value)
    }

    /// Timestamp column `col` (SQLite fixed-width UTC text, PostgreSQL `TIMESTAMPTZ`).
    ///
    /// # Errors
    /// [`StoreError::Database`] when it is missing; [`StoreError::Corrupt`] when SQLite's
    /// text is not a timestamp.
    pub(crate) fn time(&self, col: &str) -> StoreResult<OffsetDateTime> {
        match self {
            Self::Sqlite(_) => parse_sqlite_timestamp(&self.get::<String>(col)?),
            Self::Postgres(_) => self.get(col),
        }
    }

    /// Nullable timestamp column `col` (see [`Row::time`]).
    ///
    /// # Errors
    /// As [`Row::time`].
    pub(crate) fn time_opt(&self, col: &str) -> StoreResult<Option<OffsetDateTime>> {
        match self {
            Self::Sqlite(_) => self
                .get::<Option<String>>(col)?
                .as_deref()
                .map(parse_sqlite_timestamp)
                .transpose(),
            Self::Postgres(_) => self.get(col),
        }
    }

    /// Text column `col` parsed as a `T` (a status, a role, an address).
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] naming `table` when the text does not parse.
    pub(crate) fn parse<T>(&self, table: &'static str, col: &str) -> StoreResult<T>
    where
        T: FromStr,
        T::Err: Display,
    {
        parse_text(table, &self.get::<String>(col)?)
    }

    /// Nullable text column `col` parsed as a `T` (see [`Row::parse`]).
    ///
    /// # Errors
    /// As [`Row::parse`].
    pub(crate) fn parse_opt<T>(&self, table: &'static str, col: &str) -> StoreResult<Option<T>>
    where
        T: FromStr,
        T::Err: Display,
    {
        self.get::<Option<String>>(col)?
            .map(|text| parse_text(table, &text))
            .transpose()
    }
}

/// Parses stored text.
///
/// # Errors
/// [`StoreError::Corrupt`] naming `table` when it does not parse.
pub(crate) fn parse_text<T>(table: &'static str, text: &str) -> StoreResult<T>
where
    T: FromStr,
    T::Err: Display,
{
    text.parse().map_err(|e: T::Err| StoreError::Corrupt {
        table,
        message: e.to_string(),
    })
}
