//! Remediations: the pull request (or pushed branch) carrying one campaign's fixes for one
//! repository, or one owner in it, and the violations it carries.

use super::codec::now;
use super::db::{Pool, Query, Row, Tx, micros};
use super::log::Log;
use super::{StoreError, StoreResult, campaigns, repositories, violations};
use crate::model::{Id, PullRequestState, Remediation, RemediationRecord, ViolationStatus};
use serde_json::json;
use std::collections::{BTreeMap, HashSet};

const SELECT_REMEDIATION_BY_KEY: &str = "SELECT id FROM remediations \
     WHERE campaign_id = $1 AND repository_id = $2 AND group_key = $3";
/// The columns [`remediation_from_row`] reads.
const SELECT_REMEDIATIONS: &str = "SELECT id, campaign_id, repository_id, group_key, branch, \
     base_branch, pushed_commit, url, number, state, merge_commit, created_at, updated_at \
     FROM remediations";
const INSERT_REMEDIATION: &str = "INSERT INTO remediations (campaign_id, repository_id, \
     group_key, branch, base_branch, pushed_commit, url, number, state, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id";
const UPDATE_REMEDIATION_PUSH: &str = "UPDATE remediations SET branch = $2, base_branch = $3, \
     pushed_commit = $4, url = $5, number = $6, state = $7, updated_at = $8 WHERE id = $1";
const UPDATE_REMEDIATION_STATE: &str =
    "UPDATE remediations SET state = $2, merge_commit = $3, updated_at = $4 WHERE id = $1";
const DELETE_REMEDIATION_VIOLATIONS: &str =
    "DELETE FROM remediation_violations WHERE remediation_id = $1";
const INSERT_REMEDIATION_VIOLATION: &str =
    "INSERT INTO remediation_violations (remediation_id, violation_id) VALUES ($1, $2)";
const SELECT_REMEDIATION_VIOLATIONS: &str = "SELECT violation_id FROM remediation_violations \
     WHERE remediation_id = $1 ORDER BY violation_id";
const SELECT_CAMPAIGN_REMEDIATION_VIOLATIONS: &str = "SELECT l.remediation_id, l.violation_id \
     FROM remediation_violations l JOIN remediations m ON m.id = l.remediation_id \
     WHERE m.campaign_id = $1 ORDER BY l.remediation_id, l.violation_id";

fn remediation_from_row(row: &Row, violation_ids: Vec<Id>) -> StoreResult<Remediation> {
    Ok(Remediation {
        id: row.get("id")?,
        campaign_id: row.get("campaign_id")?,
        repository_id: row.get("repository_id")?,
        group_key: row.get("group_key")?,
        branch: row.get("branch")?,
        base_branch: row.get("base_branch")?,
        pushed_commit: row.get("pushed_commit")?,
        url: row.get("url")?,
        number: row.get("number")?,
        state: row.parse("remediations", "state")?,
        merge_commit: row.get("merge_commit")?,
        violation_ids,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
    })
}

/// The status a violation takes when a push carries it (see
/// [`RemediationRecord::violation_ids`]).
fn pushed_status(state: PullRequestState) -> ViolationStatus {
    if state == PullRequestState::Open {
        ViolationStatus::InReview
    } else {
        ViolationStatus::FixProposed
    }
}

/// Binds what a push sets: branch, base branch, pushed commit, URL, number, state and the
/// time.
fn bind_push(q: Query, record: &RemediationRecord, log: Log<'_>) -> Query {
    q.bind(&record.branch)
        .bind(&record.base_branch)
        .bind(&record.pushed_commit)
        .bind(&record.url)
        .bind(record.number)
        .bind(record.state.as_str())
        .bind(log.at)
}

/// The remediation with row id `id`, with its violations.
async fn by_id(tx: &mut Tx, id: Id) -> StoreResult<Remediation> {
    let q = Query::new(SELECT_REMEDIATION_VIOLATIONS).bind(id);
    let ids = q.all(&mut *tx, |r| r.get("violation_id")).await?;
    let q = Query::new(&format!("{SELECT_REMEDIATIONS} WHERE id = $1")).bind(id);
    q.one(
        tx,
        || format!("remediation {id}"),
        |row| remediation_from_row(row, ids),
    )
    .await
}

/// [`Store::record_remediation`](super::Store::record_remediation).
pub(super) async fn record(
    db: &Pool,
    record: &RemediationRecord,
    actor: &str,
) -> StoreResult<Remediation> {
    let log = Log {
        actor,
        at: micros(record.now),
    };
    let mut tx = db.begin_write().await?;
    let campaign = campaigns::by_id(&mut tx, record.campaign_id).await?;
    repositories::by_id(&mut tx, record.repository_id).await?;
    let mut carried = Vec::with_capacity(record.violation_ids.len());
    for &id in &record.violation_ids {
        let v = violations::by_id(&mut tx, id).await?;
        if v.campaign_id != campaign.id || v.repository_id != record.repository_id {
            return Err(StoreError::NotFound {
                what: format!(
                    "violation {id} in campaign `{}` and repository {}",
                    campaign.name, record.repository_id
                ),
            });
        }
        carried.push(v);
    }
    let existing = Query::new(SELECT_REMEDIATION_BY_KEY)
        .bind(record.campaign_id)
        .bind(record.repository_id)
        .bind(&record.group_key)
        .fetch_optional(&mut tx)
        .await?;
    let id: Id = if let Some(row) = existing {
        let id: Id = row.get("id")?;
        let q = Query::new(UPDATE_REMEDIATION_PUSH).bind(id);
        bind_push(q, record, log).execute(&mut tx).await?;
        Query::new(DELETE_REMEDIATION_VIOLATIONS)
            .bind(id)
            .execute(&mut tx)
            .await?;
        id
    } else {
        let q = Query::new(INSERT_REMEDIATION)
            .bind(record.campaign_id)
            .bind(record.repository_id)
            .bind(&record.group_key);
        bind_push(q, record, log)
            .fetch_one(&mut tx)
            .await?
            .get("id")?
    };
    let mut linked = HashSet::new();
    for v in &carried {
        if linked.insert(v.id) {
            Query::new(INSERT_REMEDIATION_VIOLATION)
                .bind(id)
                .bind(v.id)
                .execute(&mut tx)
                .await?;
        }
    }
    let detail = json!({ "branch": record.branch, "commit": record.pushed_commit,
                         "url": record.url, "state": record.state.as_str(),
                         "violations": linked.len() });
    let subject = format!("remediation:{id}");
    log.append(
        &mut tx,
        "remediation.push",
        Some(campaign.id),
        &subject,
        detail,
    )
    .await?;
    let to = pushed_status(record.state);
    let mut moved = HashSet::new();
    for mut v in carried {
        if !moved.insert(v.id) {
            continue;
        }
        let verification = record.verifications.get(&v.id).cloned();
        let verified = v.fix_verification != verification;
        v.fix_verification = verification;
        if v.status.is_outstanding() && v.status != to {
            let detail = json!({ "remediation": id, "commit": record.pushed_commit });
            violations::move_to(&mut tx, log, &mut v, to, detail).await?;
        } else if verified {
            violations::write(&mut tx, &v).await?;
        }
    }
    let stored = by_id(&mut tx, id).await?;
    tx.commit().await?;
    Ok(stored)
}

/// [`Store::remediations`](super::Store::remediations).
pub(super) async fn of_campaign(db: &Pool, campaign_id: Id) -> StoreResult<Vec<Remediation>> {
    let mut conn = db.acquire().await?;
    let mut links: BTreeMap<Id, Vec<Id>> = BTreeMap::new();
    let q = Query::new(SELECT_CAMPAIGN_REMEDIATION_VIOLATIONS).bind(campaign_id);
    for row in q.fetch_all(&mut conn).await? {
        links
            .entry(row.get("remediation_id")?)
            .or_default()
            .push(row.get("violation_id")?);
    }
    let sql = format!("{SELECT_REMEDIATIONS} WHERE campaign_id = $1 ORDER BY id");
    let q = Query::new(&sql).bind(campaign_id);
    q.all(&mut conn, |row| {
        let id: Id = row.get("id")?;
        remediation_from_row(row, links.remove(&id).unwrap_or_default())
    })
    .await
}

/// [`Store::set_remediation_state`](super::Store::set_remediation_state).
pub(super) async fn set_state(
    db: &Pool,
    id: Id,
    state: PullRequestState,
    merge_commit: Option<&str>,
    actor: &str,
) -> StoreResult<Remediation> {
    let log = Log { actor, at: now() };
    let mut tx = db.begin_write().await?;
    let old = by_id(&mut tx, id).await?;
    let merge_commit = merge_commit.map(str::to_owned).or(old.merge_commit.clone());
    if old.state != state || old.merge_commit != merge_commit {
        Query::new(UPDATE_REMEDIATION_STATE)
            .bind(id)
            .bind(state.as_str())
            .bind(&merge_commit)
            .bind(log.at)
            .execute(&mut tx)
            .await?;
        let detail = json!({ "from": old.state.as_str(), "to": state.as_str(),
                             "merge_commit": merge_commit });
        let subject = format!("remediation:{id}");
        log.append(
            &mut tx,
            "remediation.state",
            Some(old.campaign_id),
            &subject,
            detail,
        )
        .await?;
    }
    let stored = by_id(&mut tx, id).await?;
    tx.commit().await?;
    Ok(stored)
}
