//! [`SqlStore`]: the one [`Store`] implementation, on SQLite or PostgreSQL. Each method
//! hands over to its aggregate module.

use super::db::Pool;
use super::{
    Store, StoreResult, audit, campaigns, exceptions, remediations, repositories, users, violations,
};
use crate::model::{
    ApiToken, AuditEntry, AuditQuery, Campaign, CampaignState, CountRow, Exception, ExceptionQuery,
    Id, NewApiToken, NewCampaign, NewException, NewRepository, NewSession, NewUser, Page,
    PullRequestState, Remediation, RemediationRecord, Repository, Session, Snapshot, SyncBatch,
    SyncSummary, User, Violation, ViolationQuery, ViolationStatus,
};
use sqlx::postgres::PgPool;
use sqlx::sqlite::SqlitePool;
use time::{Date, OffsetDateTime};

/// The campaign store in an SQL database: an SQLite file (the default:
/// `.driftless/driftless.db`) or a PostgreSQL database, for teams. Open one with
/// [`open`](super::open) and friends.
#[derive(Debug, Clone)]
pub struct SqlStore {
    db: Pool,
}

impl SqlStore {
    /// Wraps an open SQLite pool; the caller configured it (see
    /// [`open_sqlite`](super::open_sqlite)). Does not migrate: call [`Store::migrate`].
    #[must_use]
    pub fn from_sqlite_pool(pool: SqlitePool) -> Self {
        Self {
            db: Pool::Sqlite(pool),
        }
    }

    /// Wraps an open PostgreSQL pool (see [`open_postgres`](super::open_postgres)). Does
    /// not migrate: call [`Store::migrate`].
    #[must_use]
    pub fn from_postgres_pool(pool: PgPool) -> Self {
        Self {
            db: Pool::Postgres(pool),
        }
    }

    /// The SQLite connection pool, for tests and tools that need raw SQL; `None` on
    /// PostgreSQL.
    #[must_use]
    pub fn sqlite_pool(&self) -> Option<&SqlitePool> {
        match &self.db {
            Pool::Sqlite(pool) => Some(pool),
            Pool::Postgres(_) => None,
        }
    }

    /// The PostgreSQL connection pool, for tests and tools that need raw SQL; `None` on
    /// SQLite.
    #[must_use]
    pub fn postgres_pool(&self) -> Option<&PgPool> {
        match &self.db {
            Pool::Postgres(pool) => Some(pool),
            Pool::Sqlite(_) => None,
        }
    }
}

#[async_trait::async_trait]
impl Store for SqlStore {
    async fn migrate(&self) -> StoreResult<()> {
        self.db.migrate().await
    }

    async fn add_user(&self, user: &NewUser, actor: &str) -> StoreResult<User> {
        users::add(&self.db, user, actor).await
    }

    async fn user(&self, name: &str) -> StoreResult<User> {
        users::by_name(&mut self.db.acquire().await?, name).await
    }

    async fn user_by_identity(&self, identity: &str) -> StoreResult<Option<User>> {
        Ok(self.users().await?.into_iter().find(|u| u.is(identity)))
    }

    async fn users(&self) -> StoreResult<Vec<User>> {
        users::all(&self.db).await
    }

    async fn password_hash(&self, name: &str) -> StoreResult<Option<String>> {
        users::password_hash(&self.db, name).await
    }

    async fn set_password_hash(
        &self,
        name: &str,
        hash: Option<&str>,
        actor: &str,
    ) -> StoreResult<()> {
        users::set_password_hash(&self.db, name, hash, actor).await
    }

    async fn create_session(&self, session: &NewSession) -> StoreResult<Session> {
        users::create_session(&self.db, session).await
    }

    async fn session(&self, id_hash: &str, now: OffsetDateTime) -> StoreResult<Option<Session>> {
        users::session(&self.db, id_hash, now).await
    }

    async fn delete_session(&self, id_hash: &str) -> StoreResult<()> {
        users::delete_session(&self.db, id_hash).await
    }

    async fn delete_expired_sessions(&self, now: OffsetDateTime) -> StoreResult<u64> {
        users::delete_expired_sessions(&self.db, now).await
    }

    async fn create_api_token(&self, token: &NewApiToken, actor: &str) -> StoreResult<ApiToken> {
        users::create_api_token(&self.db, token, actor).await
    }

    async fn api_tokens(&self, user: Option<&str>) -> StoreResult<Vec<ApiToken>> {
        users::api_tokens(&self.db, user).await
    }

    async fn authenticate_api_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<(ApiToken, User)>> {
        users::authenticate_api_token(&self.db, token_hash, now).await
    }

    async fn revoke_api_token(
        &self,
        id: Id,
        actor: &str,
        now: OffsetDateTime,
    ) -> StoreResult<ApiToken> {
        users::revoke_api_token(&self.db, id, actor, now).await
    }

    async fn upsert_repository(
        &self,
        repo: &NewRepository,
        actor: &str,
    ) -> StoreResult<Repository> {
        repositories::upsert(&self.db, repo, actor).await
    }

    async fn repository(&self, name: &str) -> StoreResult<Repository> {
        repositories::by_name(&self.db, name).await
    }

    async fn repository_by_id(&self, id: Id) -> StoreResult<Repository> {
        repositories::by_id(&mut self.db.acquire().await?, id).await
    }

    async fn repositories(&self) -> StoreResult<Vec<Repository>> {
        repositories::all(&self.db).await
    }

    async fn create_campaign(&self, campaign: &NewCampaign, actor: &str) -> StoreResult<Campaign> {
        campaigns::create(&self.db, campaign, actor).await
    }

    async fn campaign(&self, name: &str) -> StoreResult<Campaign> {
        campaigns::by_name(&self.db, name).await
    }

    async fn campaign_by_id(&self, id: Id) -> StoreResult<Campaign> {
        campaigns::by_id(&mut self.db.acquire().await?, id).await
    }

    async fn campaigns(&self) -> StoreResult<Vec<Campaign>> {
        campaigns::all(&self.db).await
    }

    async fn set_campaign_state(
        &self,
        id: Id,
        state: CampaignState,
        actor: &str,
    ) -> StoreResult<Campaign> {
        campaigns::set_state(&self.db, id, state, actor).await
    }

    async fn apply_sync(&self, batch: &SyncBatch, actor: &str) -> StoreResult<SyncSummary> {
        violations::apply_sync(&self.db, batch, actor).await
    }

    async fn violations(&self, query: &ViolationQuery) -> StoreResult<Page<Violation>> {
        violations::page(&self.db, query).await
    }

    async fn violation(&self, id: Id) -> StoreResult<Violation> {
        violations::by_id(&mut self.db.acquire().await?, id).await
    }

    async fn assign(&self, id: Id, owner: &str, actor: &str) -> StoreResult<Violation> {
        violations::assign(&self.db, id, owner, actor).await
    }

    async fn set_status(
        &self,
        ids: &[Id],
        status: ViolationStatus,
        note: &str,
        actor: &str,
    ) -> StoreResult<()> {
        violations::set_status(&self.db, ids, status, note, actor).await
    }

    async fn counts(&self, campaign_id: Id, today: Date) -> StoreResult<Vec<CountRow>> {
        violations::counts(&self.db, campaign_id, today).await
    }

    async fn record_remediation(
        &self,
        record: &RemediationRecord,
        actor: &str,
    ) -> StoreResult<Remediation> {
        remediations::record(&self.db, record, actor).await
    }

    async fn remediations(&self, campaign_id: Id) -> StoreResult<Vec<Remediation>> {
        remediations::of_campaign(&self.db, campaign_id).await
    }

    async fn set_remediation_state(
        &self,
        id: Id,
        state: PullRequestState,
        merge_commit: Option<&str>,
        actor: &str,
    ) -> StoreResult<Remediation> {
        remediations::set_state(&self.db, id, state, merge_commit, actor).await
    }

    async fn request_exception(&self, request: &NewException) -> StoreResult<Exception> {
        exceptions::request(&self.db, request).await
    }

    async fn decide_exception(
        &self,
        id: Id,
        approve: bool,
        approver: &str,
        note: Option<&str>,
        now: OffsetDateTime,
    ) -> StoreResult<Exception> {
        exceptions::decide(&self.db, id, approve, approver, note, now).await
    }

    async fn exception(&self, id: Id) -> StoreResult<Exception> {
        exceptions::by_id(&mut self.db.acquire().await?, id).await
    }

    async fn exceptions(&self, query: &ExceptionQuery) -> StoreResult<Vec<Exception>> {
        exceptions::list(&self.db, query).await
    }

    async fn expire_exceptions(
        &self,
        now: OffsetDateTime,
        actor: &str,
    ) -> StoreResult<Vec<Exception>> {
        exceptions::expire(&self.db, now, actor).await
    }

    async fn record_snapshot(&self, campaign_id: Id, day: Date) -> StoreResult<Snapshot> {
        audit::record_snapshot(&self.db, campaign_id, day).await
    }

    async fn snapshots(&self, campaign_id: Id) -> StoreResult<Vec<Snapshot>> {
        audit::snapshots(&self.db, campaign_id).await
    }

    async fn audit(&self, query: &AuditQuery) -> StoreResult<Vec<AuditEntry>> {
        audit::entries(&self.db, query).await
    }

    async fn revision(&self) -> StoreResult<String> {
        audit::revision(&self.db).await
    }
}
