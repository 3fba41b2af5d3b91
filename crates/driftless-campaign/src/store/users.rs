//! Users, their passwords, web sessions and API tokens.

use super::StoreResult;
use super::codec::now;
use super::db::{Exec, Pool, Query, Row, Tx, micros};
use super::log::Log;
use crate::model::{ApiToken, Id, NewApiToken, NewSession, NewUser, Session, User};
use serde_json::json;
use time::OffsetDateTime;

const INSERT_USER: &str = "INSERT INTO users (name, email, git_identities, role, password_hash, \
     created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
const SELECT_USER_BY_NAME: &str =
    "SELECT id, name, email, git_identities, role, created_at FROM users WHERE name = $1";
const SELECT_USERS: &str =
    "SELECT id, name, email, git_identities, role, created_at FROM users ORDER BY name";
const SELECT_USER_ID: &str = "SELECT id FROM users WHERE name = $1";
const SELECT_PASSWORD_HASH: &str = "SELECT password_hash FROM users WHERE name = $1";
const UPDATE_PASSWORD_HASH: &str = "UPDATE users SET password_hash = $2 WHERE id = $1";

const DELETE_USER_SESSIONS: &str = "DELETE FROM sessions WHERE user_id = $1";
const INSERT_SESSION: &str = "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, \
     expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
const SELECT_SESSION: &str = "SELECT s.id AS session_id, s.id_hash, s.csrf_token, \
     s.created_at AS session_created_at, s.expires_at, u.id, u.name, u.email, \
     u.git_identities, u.role, u.created_at FROM sessions s JOIN users u ON u.id = s.user_id \
     WHERE s.id_hash = $1 AND s.expires_at > $2";
const DELETE_SESSION: &str = "DELETE FROM sessions WHERE id_hash = $1";
const DELETE_EXPIRED_SESSIONS: &str = "DELETE FROM sessions WHERE expires_at <= $1";

const INSERT_API_TOKEN: &str = "INSERT INTO api_tokens (name, user_id, token_hash, created_at) \
     VALUES ($1, $2, $3, $4) RETURNING id";
/// The listing's head (filters and order appended).
const SELECT_API_TOKENS: &str = "SELECT t.id, t.name, u.name AS user_name, t.token_hash, \
     t.created_at, t.last_used_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id";
const SELECT_API_TOKEN_BY_ID: &str = "SELECT t.id, t.name, u.name AS user_name, t.token_hash, \
     t.created_at, t.last_used_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id \
     WHERE t.id = $1";
const SELECT_LIVE_API_TOKEN: &str = "SELECT t.id AS token_id, t.name AS token_name, \
     t.token_hash, t.created_at AS token_created_at, t.last_used_at, t.revoked_at, u.id, u.name, \
     u.email, u.git_identities, u.role, u.created_at FROM api_tokens t \
     JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL";
const TOUCH_API_TOKEN: &str = "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 \
     AND (last_used_at IS NULL OR last_used_at < $3)";
const REVOKE_API_TOKEN: &str =
    "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";

/// A user from the columns `id, name, email, git_identities, role, created_at`.
fn user_from_row(row: &Row) -> StoreResult<User> {
    Ok(User {
        id: row.get("id")?,
        name: row.get("name")?,
        email: row.get("email")?,
        git_identities: row.json("git_identities")?,
        role: row.parse("users", "role")?,
        created_at: row.time("created_at")?,
    })
}

fn api_token_from_row(row: &Row) -> StoreResult<ApiToken> {
    Ok(ApiToken {
        id: row.get("id")?,
        name: row.get("name")?,
        user: row.get("user_name")?,
        token_hash: row.get("token_hash")?,
        created_at: row.time("created_at")?,
        last_used_at: row.time_opt("last_used_at")?,
        revoked_at: row.time_opt("revoked_at")?,
    })
}

/// [`Store::add_user`](super::Store::add_user).
pub(super) async fn add(db: &Pool, user: &NewUser, actor: &str) -> StoreResult<User> {
    let log = Log { actor, at: now() };
    let mut tx = db.begin_write().await?;
    let row = Query::new(INSERT_USER)
        .bind(&user.name)
        .bind(&user.email)
        .bind_json(&user.git_identities)
        .bind(user.role.as_str())
        .bind(&user.password_hash)
        .bind(log.at)
        .fetch_one(&mut tx)
        .await
        .map_err(|e| {
            e.conflict_if_unique(|| format!("a user named `{}` already exists", user.name))
        })?;
    let created = User {
        id: row.get("id")?,
        name: user.name.clone(),
        email: user.email.clone(),
        git_identities: user.git_identities.clone(),
        role: user.role,
        created_at: log.at,
    };
    let detail = json!({ "email": user.email, "role": user.role.as_str(),
                         "git_identities": user.git_identities,
                         "password": user.password_hash.is_some() });
    let subject = format!("user:{}", user.name);
    log.append(&mut tx, "user.add", None, &subject, detail)
        .await?;
    tx.commit().await?;
    Ok(created)
}

/// The user named `name` ([`Store::user`](super::Store::user)).
pub(super) async fn by_name<'c>(on: impl Into<Exec<'c>>, name: &str) -> StoreResult<User> {
    let q = Query::new(SELECT_USER_BY_NAME).bind(name);
    q.one(on, || format!("user `{name}`"), user_from_row).await
}

/// [`Store::users`](super::Store::users).
pub(super) async fn all(db: &Pool) -> StoreResult<Vec<User>> {
    let q = Query::new(SELECT_USERS);
    q.all(&mut db.acquire().await?, user_from_row).await
}

/// [`Store::password_hash`](super::Store::password_hash).
pub(super) async fn password_hash(db: &Pool, name: &str) -> StoreResult<Option<String>> {
    let q = Query::new(SELECT_PASSWORD_HASH).bind(name);
    let what = || format!("user `{name}`");
    q.one(&mut db.acquire().await?, what, |row| {
        row.get("password_hash")
    })
    .await
}

/// The row id of the user named `name`, inside `tx`.
async fn id_in(tx: &mut Tx, name: &str) -> StoreResult<Id> {
    let q = Query::new(SELECT_USER_ID).bind(name);
    q.one(tx, || format!("user `{name}`"), |row| row.get("id"))
        .await
}

/// [`Store::set_password_hash`](super::Store::set_password_hash).
pub(super) async fn set_password_hash(
    db: &Pool,
    name: &str,
    hash: Option<&str>,
    actor: &str,
) -> StoreResult<()> {
    let log = Log { actor, at: now() };
    let mut tx = db.begin_write().await?;
    let user_id = id_in(&mut tx, name).await?;
    Query::new(UPDATE_PASSWORD_HASH)
        .bind(user_id)
        .bind(hash)
        .execute(&mut tx)
        .await?;
    let q = Query::new(DELETE_USER_SESSIONS).bind(user_id);
    let ended = q.execute(&mut tx).await?;
    let detail = json!({ "password": hash.is_some(), "sessions_ended": ended });
    let subject = format!("user:{name}");
    log.append(&mut tx, "user.password", None, &subject, detail)
        .await?;
    tx.commit().await
}

/// [`Store::create_session`](super::Store::create_session).
pub(super) async fn create_session(db: &Pool, session: &NewSession) -> StoreResult<Session> {
    let mut tx = db.begin_write().await?;
    let user_id = id_in(&mut tx, &session.user).await?;
    let created_at = micros(session.created_at);
    let expires_at = micros(session.expires_at);
    let row = Query::new(INSERT_SESSION)
        .bind(&session.id_hash)
        .bind(user_id)
        .bind(&session.csrf_token)
        .bind(created_at)
        .bind(expires_at)
        .fetch_one(&mut tx)
        .await
        .map_err(|e| e.conflict_if_unique(|| "the session id exists already".to_owned()))?;
    let id: Id = row.get("id")?;
    let user = by_name(&mut tx, &session.user).await?;
    tx.commit().await?;
    Ok(Session {
        id,
        id_hash: session.id_hash.clone(),
        user,
        csrf_token: session.csrf_token.clone(),
        created_at,
        expires_at,
    })
}

/// [`Store::session`](super::Store::session).
pub(super) async fn session(
    db: &Pool,
    id_hash: &str,
    now: OffsetDateTime,
) -> StoreResult<Option<Session>> {
    let q = Query::new(SELECT_SESSION).bind(id_hash).bind(now);
    let Some(row) = q.fetch_optional(&mut db.acquire().await?).await? else {
        return Ok(None);
    };
    Ok(Some(Session {
        id: row.get("session_id")?,
        id_hash: row.get("id_hash")?,
        user: user_from_row(&row)?,
        csrf_token: row.get("csrf_token")?,
        created_at: row.time("session_created_at")?,
        expires_at: row.time("expires_at")?,
    }))
}

/// [`Store::delete_session`](super::Store::delete_session).
pub(super) async fn delete_session(db: &Pool, id_hash: &str) -> StoreResult<()> {
    let q = Query::new(DELETE_SESSION).bind(id_hash);
    q.execute(&mut db.acquire().await?).await?;
    Ok(())
}

/// [`Store::delete_expired_sessions`](super::Store::delete_expired_sessions).
pub(super) async fn delete_expired_sessions(db: &Pool, now: OffsetDateTime) -> StoreResult<u64> {
    let q = Query::new(DELETE_EXPIRED_SESSIONS).bind(now);
    Ok(q.execute(&mut db.acquire().await?).await?)
}

/// The API token with row id `id`.
async fn api_token_by_id(tx: &mut Tx, id: Id) -> StoreResult<ApiToken> {
    let q = Query::new(SELECT_API_TOKEN_BY_ID).bind(id);
    q.one(tx, || format!("API token {id}"), api_token_from_row)
        .await
}

/// Audits `action` on the API token `id` (its name and user, never its hash) and returns the
/// token as stored now.
async fn audit_api_token(tx: &mut Tx, log: Log<'_>, action: &str, id: Id) -> StoreResult<ApiToken> {
    let token = api_token_by_id(tx, id).await?;
    let detail = json!({ "name": token.name, "user": token.user });
    log.append(tx, action, None, &format!("token:{id}"), detail)
        .await?;
    Ok(token)
}

/// [`Store::create_api_token`](super::Store::create_api_token).
pub(super) async fn create_api_token(
    db: &Pool,
    token: &NewApiToken,
    actor: &str,
) -> StoreResult<ApiToken> {
    let log = Log {
        actor,
        at: micros(token.created_at),
    };
    let mut tx = db.begin_write().await?;
    let user_id = id_in(&mut tx, &token.user).await?;
    let row = Query::new(INSERT_API_TOKEN)
        .bind(&token.name)
        .bind(user_id)
        .bind(&token.token_hash)
        .bind(log.at)
        .fetch_one(&mut tx)
        .await
        .map_err(|e| {
            e.conflict_if_unique(|| {
                format!(
                    "{} already has a live API token named `{}`",
                    token.user, token.name
                )
            })
        })?;
    let created = audit_api_token(&mut tx, log, "token.create", row.get("id")?).await?;
    tx.commit().await?;
    Ok(created)
}

/// [`Store::api_tokens`](super::Store::api_tokens).
pub(super) async fn api_tokens(db: &Pool, user: Option<&str>) -> StoreResult<Vec<ApiToken>> {
    let mut q = Query::new(SELECT_API_TOKENS);
    if let Some(user) = user {
        q.push(" WHERE u.name = ").push_bind(user);
    }
    q.push(" ORDER BY t.id");
    q.all(&mut db.acquire().await?, api_token_from_row).await
}

/// [`Store::authenticate_api_token`](super::Store::authenticate_api_token).
pub(super) async fn authenticate_api_token(
    db: &Pool,
    token_hash: &str,
    now: OffsetDateTime,
) -> StoreResult<Option<(ApiToken, User)>> {
    let now = micros(now);
    let q = Query::new(SELECT_LIVE_API_TOKEN).bind(token_hash);
    let Some(row) = q.fetch_optional(&mut db.acquire().await?).await? else {
        return Ok(None);
    };
    let user = user_from_row(&row)?;
    let mut token = ApiToken {
        id: row.get("token_id")?,
        name: row.get("token_name")?,
        user: user.name.clone(),
        token_hash: row.get("token_hash")?,
        created_at: row.time("token_created_at")?,
        last_used_at: row.time_opt("last_used_at")?,
        revoked_at: row.time_opt("revoked_at")?,
    };
    let a_minute_ago = now - time::Duration::minutes(1);
    if token.last_used_at.is_none_or(|t| t < a_minute_ago) {
        // At most one write a minute per token, so CI polling does not queue writers on
        // SQLite.
        let q = Query::new(TOUCH_API_TOKEN).bind(token.id).bind(now);
        q.bind(a_minute_ago)
            .execute(&mut db.acquire().await?)
            .await?;
        token.last_used_at = Some(now);
    }
    Ok(Some((token, user)))
}

/// [`Store::revoke_api_token`](super::Store::revoke_api_token).
pub(super) async fn revoke_api_token(
    db: &Pool,
    id: Id,
    actor: &str,
    now: OffsetDateTime,
) -> StoreResult<ApiToken> {
    let log = Log {
        actor,
        at: micros(now),
    };
    let mut tx = db.begin_write().await?;
    let token = api_token_by_id(&mut tx, id).await?;
    if token.revoked_at.is_some() {
        return Ok(token);
    }
    let q = Query::new(REVOKE_API_TOKEN).bind(id).bind(log.at);
    q.execute(&mut tx).await?;
    let revoked = audit_api_token(&mut tx, log, "token.revoke", id).await?;
    tx.commit().await?;
    Ok(revoked)
}
