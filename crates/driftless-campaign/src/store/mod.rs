//! The campaign store: one trait, [`Store`], implemented once by [`SqlStore`] on two
//! backends (SQLite by default, PostgreSQL for teams), with migrations embedded in the
//! binary (`migrations/sqlite`, `migrations/postgres`; an applied migration file is never
//! edited, a change is a new file in both folders).
//!
//! Every method that writes more than one statement is one transaction: it either changes
//! everything it says, with its audit entries, or nothing. What people and campaigns do is
//! audited; the bookkeeping of web sessions, daily snapshots and an API token's last use
//! (one statement each, at most once a minute for a token) is not. Role checks are the caller's (the workflow and the server); the
//! store keeps data consistent (a fixed violation has a fixing commit, an excepted one an
//! approved exception).
//!
//! # Layout
//!
//! - **Aggregate modules** each hold the SQL and the logic of one part of the model:
//!   `users` (users, passwords, web sessions, API tokens), `repositories`, `campaigns`,
//!   `violations` (reads, filtered listings and their keyset cursor in
//!   `violations::cursor`, hand changes, counts; `violations::sync` writes what a scan saw),
//!   `exceptions`, `remediations`, and `audit` (reading the audit log, daily snapshots, the
//!   revision); below them all, `log` appends to the audit log. Each statement is a `const` at the top of its module, written once for both
//!   backends with `$N` placeholders; the function that maps its rows to a model type sits
//!   beside it. A module may use another's lookups (a sync reads its campaign with
//!   `campaigns::by_id`) inside the caller's transaction, and every audited write appends its
//!   entries with `log::Log::append` in that same transaction. No two aggregates use each
//!   other (`crates/driftless-dev/tests/layers.rs` checks it).
//! - **`SqlStore`** implements [`Store`] by handing each method to its aggregate module
//!   (`sql_store.rs`, one line per method).
//! - **`db`** is the backend layer, the only code that knows there are two databases:
//!   `Pool`, `Tx` (a write transaction) and `Conn` (a pooled connection for reads) are enums
//!   over the two sqlx drivers; `Query` binds each argument the way its backend stores it
//!   (timestamps as fixed-width UTC text on SQLite, `TIMESTAMPTZ` on PostgreSQL; JSON as text
//!   or `JSONB`; booleans as 0/1 or `BOOLEAN`); `Row` has typed getters that decode them
//!   back. `codec` says how model values sit in columns on both backends (severities as
//!   ranks 0..=4, `''` for no owner, instance addresses as a JSON array of texts).
//!
//! # The dialect
//!
//! What SQLite and PostgreSQL do differently is data, not code paths: `db::Dialect` holds,
//! per backend, the statement that starts a write transaction (SQLite's `BEGIN IMMEDIATE`,
//! which takes the write lock up front so writers queue on the busy timeout instead of
//! failing half-way), the due-date sort key (the expression the due-date index was built
//! on), the revision query, and the planner upkeep run after a sync (SQLite's
//! `PRAGMA optimize`). Aggregate code asks the pool for it (`db.dialect().due_key`) where a
//! statement needs a fragment; everything else is written once.
//!
//! # Where a new query goes
//!
//! In the aggregate module whose table it reads or changes, as a `const` beside the
//! statements it resembles. A write begins with `db.begin_write()`, runs each statement as
//! `Query::new(SQL).bind(..).execute(&mut tx)` (or `.fetch_one`, `.all(&mut tx, map)`,
//! `.one(&mut tx, what, map)`), appends its audit entry with `Log::append`, and ends with
//! `tx.commit()`. A read runs on `&mut db.acquire().await?`. Filters known only at run time
//! grow the query with `push` and `push_bind`, which writes the next `$N`. A new [`Store`]
//! method gets its line in `sql_store.rs`. Only SQL that cannot be written the same way on
//! both backends becomes a new `Dialect` field, set for each backend.

use crate::model::{
    ApiToken, AuditEntry, AuditQuery, Campaign, CampaignState, CountRow, Exception, ExceptionQuery,
    Id, NewApiToken, NewCampaign, NewException, NewRepository, NewSession, NewUser, Page,
    Remediation, RemediationRecord, Repository, Session, Snapshot, SyncBatch, SyncSummary, User,
    Violation, ViolationQuery, ViolationStatus,
};
use time::{Date, OffsetDateTime};

mod audit;
mod campaigns;
mod codec;
mod db;
mod exceptions;
mod log;
mod open;
mod remediations;
mod repositories;
mod sql_store;
mod users;
mod violations;

pub use open::{
    StoreSettings, default_url, open, open_postgres, open_sqlite, open_with, redact_url,
};
pub use sql_store::SqlStore;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// No such row: `what` is `campaign "imdsv2"`, `violation 12`.
    #[error("no {what}")]
    NotFound {
        /// What was looked up.
        what: String,
    },
    /// The change contradicts what is stored: a duplicate name, an exception decided twice.
    #[error("{0}")]
    Conflict(String),
    /// The database URL is not one driftless knows (`sqlite:` or `postgres:`).
    #[error("unsupported database URL `{0}`: expected sqlite:PATH or postgres://...")]
    UnsupportedUrl(String),
    /// The database failed (unreachable, locked, a constraint).
    #[error("database error: {0}")]
    Database(String),
    /// A stored value could not be read back (a corrupt row).
    #[error("corrupt row in {table}: {message}")]
    Corrupt {
        /// The table.
        table: &'static str,
        /// What was wrong.
        message: String,
    },
}

/// Shorthand for store results.
pub type StoreResult<T> = Result<T, StoreError>;

/// The campaign store. Implemented by [`SqlStore`] on SQLite and PostgreSQL; the same test
/// suite runs on both. `actor` arguments name the user recorded in the audit log.
#[async_trait::async_trait]
pub trait Store: Send + Sync {
    /// Applies the embedded migrations that are not applied yet.
    ///
    /// # Errors
    /// [`StoreError::Database`] when a migration fails or the database is newer than this
    /// build.
    async fn migrate(&self) -> StoreResult<()>;

    // ---- users

    /// Adds a user.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the name is taken.
    async fn add_user(&self, user: &NewUser, actor: &str) -> StoreResult<User>;
    /// The user named `name`.
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    async fn user(&self, name: &str) -> StoreResult<User>;
    /// The user whose name, e-mail or git identity is `identity` (case-insensitive).
    ///
    /// # Errors
    /// [`StoreError::Database`].
    async fn user_by_identity(&self, identity: &str) -> StoreResult<Option<User>>;
    /// Every user, by name.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    async fn users(&self) -> StoreResult<Vec<User>>;
    /// The argon2 hash of the user's password, if they have one.
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    async fn password_hash(&self, name: &str) -> StoreResult<Option<String>>;
    /// Sets (or, with `None`, removes) the argon2 PHC string of the user's password, and
    /// ends every session of the user (audited as `user.password`, without the hash).
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    async fn set_password_hash(
        &self,
        name: &str,
        hash: Option<&str>,
        actor: &str,
    ) -> StoreResult<()>;

    // ---- web sessions and API tokens

    /// Records a web login.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown user; [`StoreError::Conflict`] when the id
    /// hash exists already.
    async fn create_session(&self, session: &NewSession) -> StoreResult<Session>;
    /// The session whose id hashes to `id_hash`, with its user, unless it expired at or
    /// before `now`.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    async fn session(&self, id_hash: &str, now: OffsetDateTime) -> StoreResult<Option<Session>>;
    /// Ends a session (logout); ending an unknown one does nothing.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    async fn delete_session(&self, id_hash: &str) -> StoreResult<()>;
    /// Removes every session that expired at or before `now`; returns how many.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    async fn delete_expired_sessions(&self, now: OffsetDateTime) -> StoreResult<u64>;
    /// Creates an API token (audited as `token.create`, without the hash).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown user; [`StoreError::Conflict`] when the user
    /// has a live token of that name.
    async fn create_api_token(&self, token: &NewApiToken, actor: &str) -> StoreResult<ApiToken>;
    /// API tokens, revoked ones included, of `user` (or of everyone), by id.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    async fn api_tokens(&self, user: Option<&str>) -> StoreResult<Vec<ApiToken>>;
    /// The live (not revoked) token whose hash is `token_hash`, with its user; records
    /// `now` as its last use when the recorded one is more than a minute older.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    async fn authenticate_api_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<(ApiToken, User)>>;
    /// Revokes an API token (audited as `token.revoke`); revoking a revoked one changes
    /// nothing.
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    async fn revoke_api_token(
        &self,
        id: Id,
        actor: &str,
        now: OffsetDateTime,
    ) -> StoreResult<ApiToken>;

    // ---- repositories

    /// Registers a repository, or updates the one with the same name.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    async fn upsert_repository(&self, repo: &NewRepository, actor: &str)
    -> StoreResult<Repository>;
    /// The repository named `name`.
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    async fn repository(&self, name: &str) -> StoreResult<Repository>;
    /// The repository with row id `id`.
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    async fn repository_by_id(&self, id: Id) -> StoreResult<Repository>;
    /// Every repository, by name.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    async fn repositories(&self) -> StoreResult<Vec<Repository>>;

    // ---- campaigns

    /// Creates a campaign in state `draft`.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the name is taken.
    async fn create_campaign(&self, campaign: &NewCampaign, actor: &str) -> StoreResult<Campaign>;
    /// The campaign named `name`.
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    async fn campaign(&self, name: &str) -> StoreResult<Campaign>;
    /// The campaign with row id `id`.
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    async fn campaign_by_id(&self, id: Id) -> StoreResult<Campaign>;
    /// Every campaign, newest first.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    async fn campaigns(&self) -> StoreResult<Vec<Campaign>>;
    /// Moves a campaign to `state` (audited).
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    async fn set_campaign_state(
        &self,
        id: Id,
        state: CampaignState,
        actor: &str,
    ) -> StoreResult<Campaign>;

    // ---- violations

    /// Writes one sync of one repository (see [`SyncBatch`]): inserts, updates, reopens
    /// and fixes violations, with an audit entry for every status change. Writing the
    /// same batch twice changes nothing the second time (`unchanged` counts everything).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown campaign or repository.
    async fn apply_sync(&self, batch: &SyncBatch, actor: &str) -> StoreResult<SyncSummary>;
    /// A page of violations.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] for a cursor that does not fit the query.
    async fn violations(&self, query: &ViolationQuery) -> StoreResult<Page<Violation>>;
    /// The violation with row id `id`.
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    async fn violation(&self, id: Id) -> StoreResult<Violation>;
    /// Assigns a violation by hand (owner source `manual`; audited).
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    async fn assign(&self, id: Id, owner: &str, actor: &str) -> StoreResult<Violation>;
    /// Sets the status of violations by hand (`wont_fix`, or back to `open`; audited with
    /// `note`).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when an id is unknown (nothing changes then);
    /// [`StoreError::Conflict`] for `fixed` or `excepted`, which only a sync or an approved
    /// exception sets.
    async fn set_status(
        &self,
        ids: &[Id],
        status: ViolationStatus,
        note: &str,
        actor: &str,
    ) -> StoreResult<()>;
    /// A campaign's violations counted by status, severity, owner, repository, rule,
    /// overdue (due before `today`) and suppression.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    async fn counts(&self, campaign_id: Id, today: Date) -> StoreResult<Vec<CountRow>>;

    // ---- remediations

    /// Records a push: creates or updates the remediation of (campaign, repository, group
    /// key), replaces its violation list, stores each carried violation's fix verification
    /// and moves those violations on (audited).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown campaign, repository or violation.
    async fn record_remediation(
        &self,
        record: &RemediationRecord,
        actor: &str,
    ) -> StoreResult<Remediation>;
    /// A campaign's remediations.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    async fn remediations(&self, campaign_id: Id) -> StoreResult<Vec<Remediation>>;
    /// Records a pull request's state seen on its forge (and its merge commit).
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    async fn set_remediation_state(
        &self,
        id: Id,
        state: crate::model::PullRequestState,
        merge_commit: Option<&str>,
        actor: &str,
    ) -> StoreResult<Remediation>;

    // ---- exceptions

    /// Requests an exception for a violation.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown violation; [`StoreError::Conflict`] when the
    /// violation already has a requested or approved exception.
    async fn request_exception(&self, request: &NewException) -> StoreResult<Exception>;
    /// Approves or denies a requested exception; approving sets its violation `excepted`.
    /// The caller checks the approver's role.
    ///
    /// # Errors
    /// [`StoreError::NotFound`]; [`StoreError::Conflict`] when it is not `requested`.
    async fn decide_exception(
        &self,
        id: Id,
        approve: bool,
        approver: &str,
        note: Option<&str>,
        now: OffsetDateTime,
    ) -> StoreResult<Exception>;
    /// The exception with row id `id`.
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    async fn exception(&self, id: Id) -> StoreResult<Exception>;
    /// Exceptions, newest first.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    async fn exceptions(&self, query: &ExceptionQuery) -> StoreResult<Vec<Exception>>;
    /// Expires every approved exception whose expiry is at or before `now` and reopens its
    /// violation (audited as `actor`). Returns the expired exceptions.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    async fn expire_exceptions(
        &self,
        now: OffsetDateTime,
        actor: &str,
    ) -> StoreResult<Vec<Exception>>;

    // ---- snapshots and audit

    /// Records (or replaces) the campaign's snapshot for `day` from its current counts
    /// (self-suppressed outstanding violations only when the campaign counts them, as its
    /// report does).
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    async fn record_snapshot(&self, campaign_id: Id, day: Date) -> StoreResult<Snapshot>;
    /// The campaign's snapshots, oldest first.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    async fn snapshots(&self, campaign_id: Id) -> StoreResult<Vec<Snapshot>>;
    /// Audit entries, newest first.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    async fn audit(&self, query: &AuditQuery) -> StoreResult<Vec<AuditEntry>>;
    /// An opaque token of the store's committed data: it changes whenever a write that
    /// changes users, repositories, campaigns, violations, remediations or exceptions has
    /// committed, so two equal tokens read at different times mean that what
    /// [`Store::counts`] and [`Store::violations`] show is the same. Callers cache derived
    /// figures on it (the web server's campaign counts); read it *before* the data it guards.
    /// It may also change when nothing visible did (a session, a token's last use).
    ///
    /// Every such write appends an audit entry in its transaction. SQLite: the id of the
    /// newest entry (SQLite commits writes one at a time, in id order). PostgreSQL, where
    /// transactions may commit out of id order: that id and the transactions that hold a
    /// write lock on the audit log (those that may still commit an older id); it changes
    /// when one of them ends.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    async fn revision(&self) -> StoreResult<String>;
}
