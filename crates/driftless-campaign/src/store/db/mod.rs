//! The backend layer: the one place that knows there are two databases. The aggregate
//! modules above it write each statement once and run it through these types:
//!
//! - [`Pool`]: the connection pool of either backend; it migrates, starts write
//!   transactions ([`Tx`]) and lends connections ([`Conn`]) for reads;
//! - [`Query`]: SQL text with `$N` placeholders (both drivers read them as numbered
//!   parameters) and its arguments ([`Value`]), bound the way each backend stores them;
//! - [`Row`]: a result row with typed getters that decode each backend's column types;
//! - [`Dialect`]: the few SQL fragments and behaviours that differ between SQLite and
//!   PostgreSQL;
//! - [`DbError`]: a driver error on its way to a [`StoreError`](super::StoreError).
//!
//! Why enums and not code generic over sqlx's `Database` trait: each statement would need
//! `for<'c> Executor<'c>`, `IntoArguments` and one `Encode + Type` bound per bound value,
//! repeated on every function that runs SQL; an enum keeps every aggregate function plain,
//! concrete code, and the one `match` per call costs nothing next to a database round trip.
//! sqlx's `Any` driver is not used: it cannot decode SQLite booleans, dates or timestamps.

mod dialect;
mod error;
mod query;
mod row;

pub(crate) use dialect::{Dialect, micros};
pub(crate) use error::{DbError, db_error};
pub(crate) use query::{Query, Value};
pub(crate) use row::{Row, parse_text};

use super::{StoreError, StoreResult};
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnection, PgPool, Postgres};
use sqlx::sqlite::{Sqlite, SqliteConnection, SqlitePool};

/// The connection pool of one backend.
#[derive(Debug, Clone)]
pub(crate) enum Pool {
    /// An SQLite file (or in-memory database).
    Sqlite(SqlitePool),
    /// A PostgreSQL database.
    Postgres(PgPool),
}

/// A write transaction, begun with [`Pool::begin_write`]. Dropping it without
/// [`Tx::commit`] rolls it back.
#[derive(Debug)]
pub(crate) enum Tx {
    /// On SQLite.
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    /// On PostgreSQL.
    Postgres(sqlx::Transaction<'static, Postgres>),
}

/// A connection taken from the pool for reads outside a transaction (what sqlx does itself
/// when a statement runs on the pool).
#[derive(Debug)]
pub(crate) enum Conn {
    /// On SQLite.
    Sqlite(PoolConnection<Sqlite>),
    /// On PostgreSQL.
    Postgres(PoolConnection<Postgres>),
}

/// Where a [`Query`] runs: a borrowed connection of either backend, taken from a [`Tx`] or a
/// [`Conn`].
#[derive(Debug)]
pub(crate) enum Exec<'c> {
    /// On SQLite.
    Sqlite(&'c mut SqliteConnection),
    /// On PostgreSQL.
    Postgres(&'c mut PgConnection),
}

impl Pool {
    /// What this backend does differently.
    pub(crate) fn dialect(&self) -> &'static Dialect {
        match self {
            Self::Sqlite(_) => &dialect::SQLITE,
            Self::Postgres(_) => &dialect::POSTGRES,
        }
    }

    /// Applies the backend's embedded migrations (`migrations/sqlite`,
    /// `migrations/postgres`) that are not applied yet.
    ///
    /// # Errors
    /// [`StoreError::Database`] when a migration fails or the database is newer than this
    /// build.
    pub(crate) async fn migrate(&self) -> StoreResult<()> {
        let result = match self {
            Self::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await,
            Self::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await,
        };
        result.map_err(|e| {
            StoreError::Database(format!("migrating the {} store: {e}", self.dialect().name))
        })
    }

    /// Starts a write transaction with the dialect's statement (SQLite: `BEGIN IMMEDIATE`,
    /// see [`Dialect::begin_write`]).
    ///
    /// # Errors
    /// [`StoreError::Database`] when no connection is free in time or the write lock stays
    /// taken past the busy timeout.
    pub(crate) async fn begin_write(&self) -> StoreResult<Tx> {
        let begin = self.dialect().begin_write;
        let tx = match (self, begin) {
            (Self::Sqlite(pool), Some(sql)) => pool.begin_with(sql).await.map(Tx::Sqlite),
            (Self::Sqlite(pool), None) => pool.begin().await.map(Tx::Sqlite),
            (Self::Postgres(pool), Some(sql)) => pool.begin_with(sql).await.map(Tx::Postgres),
            (Self::Postgres(pool), None) => pool.begin().await.map(Tx::Postgres),
        };
        tx.map_err(|e| db_error(&e))
    }

    /// A connection for reads outside a transaction.
    ///
    /// # Errors
    /// [`StoreError::Database`] when no connection is free in time.
    pub(crate) async fn acquire(&self) -> StoreResult<Conn> {
        match self {
            Self::Sqlite(pool) => pool.acquire().await.map(Conn::Sqlite),
            Self::Postgres(pool) => pool.acquire().await.map(Conn::Postgres),
        }
        .map_err(|e| db_error(&e))
    }

    /// Runs the dialect's upkeep after a sync that added or fixed violations (see
    /// [`Dialect::after_sync`]). A failure here changes no data and is ignored.
    pub(crate) async fn after_sync(&self) {
        let Some(sql) = self.dialect().after_sync else {
            return;
        };
        if let Ok(mut conn) = self.acquire().await {
            let _ = Query::new(sql).execute(&mut conn).await;
        }
    }
}

impl Tx {
    /// Commits the transaction.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub(crate) async fn commit(self) -> StoreResult<()> {
        match self {
            Self::Sqlite(tx) => tx.commit().await,
            Self::Postgres(tx) => tx.commit().await,
        }
        .map_err(|e| db_error(&e))
    }
}

impl<'c> From<&'c mut Tx> for Exec<'c> {
    fn from(tx: &'c mut Tx) -> Self {
        match tx {
            Tx::Sqlite(tx) => Exec::Sqlite(tx),
            Tx::Postgres(tx) => Exec::Postgres(tx),
        }
    }
}

impl<'c> From<&'c mut Conn> for Exec<'c> {
    fn from(conn: &'c mut Conn) -> Self {
        match conn {
            Conn::Sqlite(conn) => Exec::Sqlite(conn),
            Conn::Postgres(conn) => Exec::Postgres(conn),
        }
    }
}
