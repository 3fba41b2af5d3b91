//! Exceptions: a request to accept a violation, its decision and its expiry. An approved,
//! unexpired exception holds its fingerprint: any campaign's violation with it is
//! `excepted`.

use super::db::{Exec, Pool, Query, Row, micros};
use super::log::Log;
use super::{StoreError, StoreResult, violations};
use crate::model::{Exception, ExceptionQuery, ExceptionState, Id, NewException, ViolationStatus};
use serde_json::json;
use time::OffsetDateTime;

const INSERT_EXCEPTION: &str = "INSERT INTO exceptions (campaign_id, violation_id, fingerprint, \
     reason, requester, requested_at, expires_at, state) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
/// The columns [`exception_from_row`] reads (filters and order appended).
const SELECT_EXCEPTIONS: &str = "SELECT id, campaign_id, violation_id, fingerprint, reason, \
     requester, requested_at, expires_at, state, approver, decided_at, decision_note \
     FROM exceptions";
const SELECT_PENDING_EXCEPTION: &str = "SELECT id FROM exceptions WHERE violation_id = $1 \
     AND state IN ('requested', 'approved')";
/// Fingerprints an approved, unexpired exception holds, in any campaign (an exception
/// accepts the code, so it follows its fingerprint).
const UPDATE_EXCEPTION_DECISION: &str = "UPDATE exceptions SET state = $2, approver = $3, \
     decided_at = $4, decision_note = $5 WHERE id = $1";
const UPDATE_EXCEPTION_STATE: &str = "UPDATE exceptions SET state = $2 WHERE id = $1";

fn exception_from_row(row: &Row) -> StoreResult<Exception> {
    Ok(Exception {
        id: row.get("id")?,
        campaign_id: row.get("campaign_id")?,
        violation_id: row.get("violation_id")?,
        fingerprint: row.get("fingerprint")?,
        reason: row.get("reason")?,
        requester: row.get("requester")?,
        requested_at: row.time("requested_at")?,
        expires_at: row.time("expires_at")?,
        state: row.parse("exceptions", "state")?,
        approver: row.get("approver")?,
        decided_at: row.time_opt("decided_at")?,
        decision_note: row.get("decision_note")?,
    })
}

/// [`Store::request_exception`](super::Store::request_exception).
pub(super) async fn request(db: &Pool, request: &NewException) -> StoreResult<Exception> {
    let log = Log {
        actor: &request.requester,
        at: micros(request.now),
    };
    let mut tx = db.begin_write().await?;
    let v = violations::by_id(&mut tx, request.violation_id).await?;
    let pending = Query::new(SELECT_PENDING_EXCEPTION)
        .bind(v.id)
        .fetch_optional(&mut tx)
        .await?;
    let conflict = |id: Option<Id>| match id {
        Some(id) => format!(
            "violation {} already has exception {id} requested or approved",
            v.id
        ),
        None => format!(
            "violation {} already has an exception requested or approved",
            v.id
        ),
    };
    if let Some(row) = pending {
        return Err(StoreError::Conflict(conflict(Some(row.get("id")?))));
    }
    let expires_at = micros(request.expires_at);
    let row = Query::new(INSERT_EXCEPTION)
        .bind(v.campaign_id)
        .bind(v.id)
        .bind(&v.fingerprint)
        .bind(&request.reason)
        .bind(&request.requester)
        .bind(log.at)
        .bind(expires_at)
        .bind(ExceptionState::Requested.as_str())
        .fetch_one(&mut tx)
        .await
        .map_err(|e| e.conflict_if_unique(|| conflict(None)))?;
    let created = Exception {
        id: row.get("id")?,
        campaign_id: v.campaign_id,
        violation_id: v.id,
        fingerprint: v.fingerprint.clone(),
        reason: request.reason.clone(),
        requester: request.requester.clone(),
        requested_at: log.at,
        expires_at,
        state: ExceptionState::Requested,
        approver: None,
        decided_at: None,
        decision_note: None,
    };
    let detail = json!({ "violation": v.id, "fingerprint": v.fingerprint,
                         "reason": request.reason, "expires_at": expires_at });
    let subject = format!("exception:{}", created.id);
    log.append(
        &mut tx,
        "exception.request",
        Some(v.campaign_id),
        &subject,
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// [`Store::decide_exception`](super::Store::decide_exception).
pub(super) async fn decide(
    db: &Pool,
    id: Id,
    approve: bool,
    approver: &str,
    note: Option<&str>,
    now: OffsetDateTime,
) -> StoreResult<Exception> {
    let log = Log {
        actor: approver,
        at: micros(now),
    };
    let mut tx = db.begin_write().await?;
    let mut e = by_id(&mut tx, id).await?;
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
    e.decided_at = Some(log.at);
    e.decision_note = note.map(str::to_owned);
    Query::new(UPDATE_EXCEPTION_DECISION)
        .bind(id)
        .bind(e.state.as_str())
        .bind(&e.approver)
        .bind(log.at)
        .bind(&e.decision_note)
        .execute(&mut tx)
        .await?;
    let action = if approve {
        "exception.approve"
    } else {
        "exception.deny"
    };
    let detail = json!({ "violation": e.violation_id, "note": e.decision_note });
    let subject = format!("exception:{id}");
    log.append(&mut tx, action, Some(e.campaign_id), &subject, detail)
        .await?;
    if approve {
        let mut v = violations::by_id(&mut tx, e.violation_id).await?;
        if !matches!(v.status, ViolationStatus::Excepted | ViolationStatus::Fixed) {
            let detail = json!({ "exception": id });
            violations::move_to(&mut tx, log, &mut v, ViolationStatus::Excepted, detail).await?;
        }
    }
    tx.commit().await?;
    Ok(e)
}

/// The exception with row id `id` ([`Store::exception`](super::Store::exception)).
pub(super) async fn by_id<'c>(on: impl Into<Exec<'c>>, id: Id) -> StoreResult<Exception> {
    let q = Query::new(&format!("{SELECT_EXCEPTIONS} WHERE id = $1")).bind(id);
    q.one(on, || format!("exception {id}"), exception_from_row)
        .await
}

/// [`Store::exceptions`](super::Store::exceptions): newest first.
pub(super) async fn list(db: &Pool, query: &ExceptionQuery) -> StoreResult<Vec<Exception>> {
    let mut q = Query::new(SELECT_EXCEPTIONS);
    q.push(" WHERE 1 = 1");
    if let Some(c) = query.campaign_id {
        q.push(" AND campaign_id = ").push_bind(c);
    }
    if let Some(v) = query.violation_id {
        q.push(" AND violation_id = ").push_bind(v);
    }
    if !query.states.is_empty() {
        q.push(" AND state IN ")
            .push_list(query.states.iter().map(|s| s.as_str()));
    }
    q.push(" ORDER BY requested_at DESC, id DESC");
    q.all(&mut db.acquire().await?, exception_from_row).await
}

/// [`Store::expire_exceptions`](super::Store::expire_exceptions).
pub(super) async fn expire(
    db: &Pool,
    now: OffsetDateTime,
    actor: &str,
) -> StoreResult<Vec<Exception>> {
    let log = Log {
        actor,
        at: micros(now),
    };
    let mut tx = db.begin_write().await?;
    let sql =
        format!("{SELECT_EXCEPTIONS} WHERE state = 'approved' AND expires_at <= $1 ORDER BY id");
    let due = Query::new(&sql)
        .bind(log.at)
        .all(&mut tx, exception_from_row)
        .await?;
    let mut expired = Vec::with_capacity(due.len());
    let held = violations::held_fingerprints(&mut tx, log.at).await?;
    for mut e in due {
        Query::new(UPDATE_EXCEPTION_STATE)
            .bind(e.id)
            .bind(ExceptionState::Expired.as_str())
            .execute(&mut tx)
            .await?;
        let detail = json!({ "violation": e.violation_id, "expires_at": e.expires_at });
        let subject = format!("exception:{}", e.id);
        log.append(
            &mut tx,
            "exception.expire",
            Some(e.campaign_id),
            &subject,
            detail,
        )
        .await?;
        // Every violation the exception kept excepted (its own, and those with the same
        // fingerprint in other campaigns) reopens, unless another approved, unexpired
        // exception still holds the fingerprint.
        if !held.contains(&e.fingerprint) {
            let excepted =
                violations::with_fingerprint(&mut tx, &e.fingerprint, ViolationStatus::Excepted)
                    .await?;
            for mut v in excepted {
                let detail = json!({ "exception": e.id, "reason": "exception expired" });
                violations::move_to(&mut tx, log, &mut v, ViolationStatus::Open, detail).await?;
            }
        }
        e.state = ExceptionState::Expired;
        expired.push(e);
    }
    tx.commit().await?;
    Ok(expired)
}
