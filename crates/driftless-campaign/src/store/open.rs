//! Opening a store from a database URL: the backend is chosen by the URL's scheme, the
//! database is prepared (SQLite: file and parent folders created, WAL, foreign keys, busy
//! timeout) and the embedded migrations run.

use super::{SqlStore, Store, StoreError, StoreResult};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::fmt;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// Where the store lives and how to connect. `Debug` shows the URL with its password
/// replaced by `***`, so settings can be logged.
#[derive(Clone, PartialEq, Eq)]
pub struct StoreSettings {
    /// `sqlite:PATH`, `sqlite://PATH` (relative to the current directory; `sqlite:///abs`
    /// for an absolute path; `%`, `?` and `#` in a path are percent-encoded), `sqlite::memory:`,
    /// or `postgres://user:password@host:port/database` (`postgresql://` too; `?sslmode=`
    /// as libpq reads it).
    pub url: String,
    /// How long an SQLite writer waits for another writer's lock before the operation fails
    /// with [`StoreError::Database`] ("the database is locked..."). Default 5 s.
    pub busy_timeout: Duration,
    /// The most connections the pool opens. Default 8 (PostgreSQL), 4 (SQLite).
    pub max_connections: Option<u32>,
    /// How long to wait for a free connection (or to connect) before failing. Default 30 s.
    pub acquire_timeout: Duration,
}

impl StoreSettings {
    /// Settings with the defaults for `url`.
    #[must_use]
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            busy_timeout: Duration::from_secs(5),
            max_connections: None,
            acquire_timeout: Duration::from_secs(30),
        }
    }
}

impl fmt::Debug for StoreSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreSettings")
            .field("url", &redact_url(&self.url))
            .field("busy_timeout", &self.busy_timeout)
            .field("max_connections", &self.max_connections)
            .field("acquire_timeout", &self.acquire_timeout)
            .finish()
    }
}

/// `url` with the password of its user info (`scheme://user:PASSWORD@host`) and any
/// `password=` query parameter replaced by `***`; other URLs are returned unchanged.
#[must_use]
pub fn redact_url(url: &str) -> String {
    let mut out = url.to_owned();
    if let Some(scheme_end) = out.find("://") {
        let start = scheme_end + 3;
        let authority_end = out[start..]
            .find(['/', '?', '#'])
            .map_or(out.len(), |i| start + i);
        if let Some(at) = out[start..authority_end].rfind('@') {
            let userinfo = &out[start..start + at];
            if let Some(colon) = userinfo.find(':') {
                out.replace_range(start + colon + 1..start + at, "***");
            }
        }
    }
    if let Some(q) = out.find('?') {
        let (head, query) = out.split_at(q + 1);
        let query = query
            .split('&')
            .map(|kv| match kv.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => kv.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("&");
        out = format!("{head}{query}");
    }
    out
}

/// The default database URL: SQLite at `.driftless/driftless.db` under `working_dir`.
#[must_use]
pub fn default_url(working_dir: &Path) -> String {
    let path = working_dir.join(".driftless").join("driftless.db");
    let mut url = String::from("sqlite://");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => url.push_str("%25"),
            '?' => url.push_str("%3F"),
            '#' => url.push_str("%23"),
            c => url.push(c),
        }
    }
    url
}

/// Opens the store at `url` with default [`StoreSettings`] and applies pending migrations.
///
/// # Errors
/// [`StoreError::UnsupportedUrl`] for a scheme other than `sqlite:`, `postgres://` or
/// `postgresql://`; [`StoreError::Database`] when the database cannot be created, reached or
/// migrated.
pub async fn open(url: &str) -> StoreResult<Arc<dyn Store>> {
    open_with(&StoreSettings::new(url)).await
}

/// Opens the store `settings` describe and applies pending migrations.
///
/// # Errors
/// As [`open`].
pub async fn open_with(settings: &StoreSettings) -> StoreResult<Arc<dyn Store>> {
    let store: Arc<dyn Store> = if settings.url.starts_with("sqlite:") {
        Arc::new(open_sqlite(settings).await?)
    } else if settings.url.starts_with("postgres://") || settings.url.starts_with("postgresql://") {
        Arc::new(open_postgres(settings).await?)
    } else {
        return Err(StoreError::UnsupportedUrl(redact_url(&settings.url)));
    };
    store.migrate().await?;
    Ok(store)
}

/// Opens (creating it and its parent folders when missing) an SQLite store, without
/// migrating it.
///
/// # Errors
/// [`StoreError::Database`] when the URL is malformed or the file cannot be created or
/// opened.
pub async fn open_sqlite(settings: &StoreSettings) -> StoreResult<SqlStore> {
    let options = SqliteConnectOptions::from_str(&settings.url)
        .map_err(|e| StoreError::Database(format!("{}: {e}", redact_url(&settings.url))))?;
    let in_memory = settings.url.contains(":memory:") || settings.url.contains("mode=memory");
    let parent = options.get_filename().parent();
    if let Some(parent) = parent.filter(|p| !in_memory && !p.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(parent).await.map_err(|e| {
            StoreError::Database(format!("cannot create {}: {e}", parent.display()))
        })?;
    }
    let options = options
        .create_if_missing(true)
        .foreign_keys(true)
        .journal_mode(if in_memory {
            SqliteJournalMode::Memory
        } else {
            SqliteJournalMode::Wal
        })
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(settings.busy_timeout);
    let mut pool = SqlitePoolOptions::new()
        .max_connections(settings.max_connections.unwrap_or(4))
        .acquire_timeout(settings.acquire_timeout);
    if in_memory {
        // The database lives as long as one connection does.
        pool = pool
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None);
    }
    let pool = pool
        .connect_with(options)
        .await
        .map_err(|e| StoreError::Database(format!("opening {}: {e}", redact_url(&settings.url))))?;
    Ok(SqlStore::from_sqlite_pool(pool))
}

/// Connects to a PostgreSQL store, without migrating it.
///
/// # Errors
/// [`StoreError::Database`] when the URL is malformed or the server cannot be reached.
pub async fn open_postgres(settings: &StoreSettings) -> StoreResult<SqlStore> {
    let options = PgConnectOptions::from_str(&settings.url)
        .map_err(|e| StoreError::Database(format!("{}: {e}", redact_url(&settings.url))))?;
    let pool = PgPoolOptions::new()
        .max_connections(settings.max_connections.unwrap_or(8))
        .acquire_timeout(settings.acquire_timeout)
        .connect_with(options)
        .await
        .map_err(|e| {
            StoreError::Database(format!("connecting to {}: {e}", redact_url(&settings.url)))
        })?;
    Ok(SqlStore::from_postgres_pool(pool))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact_url("postgres://alice:s3cr%40t@db.example:5432/driftless?sslmode=require"),
            "postgres://alice:***@db.example:5432/driftless?sslmode=require"
        );
        assert_eq!(
            redact_url("postgres://db/x?user=a&password=hunter2"),
            "postgres://db/x?user=a&password=***"
        );
        assert_eq!(redact_url("postgres://alice@db/x"), "postgres://alice@db/x");
        assert_eq!(redact_url("sqlite://./a.db"), "sqlite://./a.db");
        let debug = format!("{:?}", StoreSettings::new("postgresql://u:pw@h/d"));
        assert!(
            debug.contains("u:***@h/d") && !debug.contains("pw"),
            "{debug}"
        );
    }

    #[test]
    fn default_url_is_under_the_working_dir() {
        assert_eq!(
            default_url(Path::new("/srv/infra")),
            "sqlite:///srv/infra/.driftless/driftless.db"
        );
        assert_eq!(
            default_url(Path::new("/tmp/a?b#c%")),
            "sqlite:///tmp/a%3Fb%23c%25/.driftless/driftless.db"
        );
    }
}
