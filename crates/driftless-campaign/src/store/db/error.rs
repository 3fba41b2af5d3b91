//! Driver errors on their way to a [`StoreError`].

use crate::store::StoreError;

/// A driver error from running a [`Query`](super::Query). `?` turns it into a
/// [`StoreError`] with [`db_error`]; a statement whose unique constraint is the caller's
/// business maps it with [`DbError::conflict_if_unique`] instead.
#[derive(Debug)]
pub(crate) struct DbError(sqlx::Error);

impl DbError {
    /// [`StoreError::Conflict`] with `message` when this is a unique-constraint violation;
    /// otherwise what [`db_error`] makes of it.
    pub(crate) fn conflict_if_unique(self, message: impl FnOnce() -> String) -> StoreError {
        match &self.0 {
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict(message()),
            _ => db_error(&self.0),
        }
    }
}

impl From<sqlx::Error> for DbError {
    fn from(e: sqlx::Error) -> Self {
        Self(e)
    }
}

impl From<DbError> for StoreError {
    fn from(e: DbError) -> Self {
        db_error(&e.0)
    }
}

/// Maps a driver error. A locked SQLite database gets a message saying what happened
/// (another process kept the write lock past the busy timeout), not a bare error code.
pub(crate) fn db_error(e: &sqlx::Error) -> StoreError {
    match e {
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
