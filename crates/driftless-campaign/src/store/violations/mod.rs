//! Violations: findings tracked over time in one campaign. This module reads, lists, counts
//! and changes them by hand; [`sync`] writes what a scan saw; [`cursor`] pages listings.

mod cursor;
mod sync;

pub(super) use sync::apply_sync;

use super::codec::{
    addresses_col, addresses_from_col, now, owner_col, owner_from_col, rule_id_from_col,
    severity_from_rank, severity_rank, to_u32, to_u64, verification_col, verification_from_col,
};
use super::db::{Exec, Pool, Query, Row, Tx};
use super::log::Log;
use super::{StoreError, StoreResult};
use crate::model::{CountRow, Id, OwnerSource, Page, Violation, ViolationQuery, ViolationStatus};
use cursor::SortKey;
use driftless_diagnostics::Applicability;
use serde_json::json;
use std::collections::HashSet;
use time::{Date, OffsetDateTime};

/// The columns [`violation_from_row`] reads (filters, keyset and order appended).
const SELECT_VIOLATIONS: &str = "SELECT id, campaign_id, repository_id, fingerprint, rule_id, \
     severity, message, address, instances, root_module, path, start_line, end_line, \
     call_chain, fix_diff, fix_applicability, impact_note, recommendation, suppression, status, \
     owner, owner_source, due_date, fix_verification, first_seen, last_seen, scanned_commit, \
     fixed_commit, fixed_at FROM violations";
const INSERT_VIOLATION: &str = "INSERT INTO violations (campaign_id, repository_id, fingerprint, \
     rule_id, severity, message, address, instances, root_module, path, start_line, end_line, \
     call_chain, fix_diff, fix_applicability, impact_note, recommendation, suppression, status, \
     owner, owner_source, due_date, fix_verification, first_seen, last_seen, scanned_commit, \
     fixed_commit, fixed_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
     $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28) RETURNING id";
/// Every column a sync or a hand change may write, by id: `$2` to `$21` as
/// [`bind_shared_columns`] binds them, then the sync's columns.
const UPDATE_VIOLATION: &str = "UPDATE violations SET rule_id = $2, severity = $3, message = $4, \
     address = $5, instances = $6, root_module = $7, path = $8, start_line = $9, \
     end_line = $10, call_chain = $11, fix_diff = $12, fix_applicability = $13, \
     impact_note = $14, recommendation = $15, suppression = $16, status = $17, owner = $18, \
     owner_source = $19, due_date = $20, fix_verification = $21, last_seen = $22, \
     scanned_commit = $23, fixed_commit = $24, fixed_at = $25 WHERE id = $1";
const SELECT_COUNTS: &str = "SELECT v.status, v.severity, v.owner, r.name AS repository, \
     v.rule_id, \
     (v.status IN ('open', 'fix_proposed', 'in_review') AND v.due_date IS NOT NULL \
      AND v.due_date < $2) AS overdue, \
     (v.suppression IS NOT NULL) AS suppressed, COUNT(*) AS n \
     FROM violations v JOIN repositories r ON r.id = v.repository_id \
     WHERE v.campaign_id = $1 \
     GROUP BY v.status, v.severity, v.owner, r.name, v.rule_id, overdue, suppressed \
     ORDER BY v.status, v.severity DESC, v.owner, r.name, v.rule_id, overdue, suppressed";

fn violation_from_row(row: &Row) -> StoreResult<Violation> {
    Ok(Violation {
        id: row.get("id")?,
        campaign_id: row.get("campaign_id")?,
        repository_id: row.get("repository_id")?,
        fingerprint: row.get("fingerprint")?,
        rule_id: rule_id_from_col("violations", &row.get::<String>("rule_id")?)?,
        severity: severity_from_rank("violations", row.get("severity")?)?,
        message: row.get("message")?,
        address: row.parse("violations", "address")?,
        instances: addresses_from_col("violations", &row.json::<Vec<String>>("instances")?)?,
        root_module: row.get("root_module")?,
        path: row.get("path")?,
        start_line: to_u32("violations", row.get("start_line")?)?,
        end_line: to_u32("violations", row.get("end_line")?)?,
        call_chain: row.json("call_chain")?,
        fix_diff: row.get("fix_diff")?,
        fix_applicability: row.parse_opt("violations", "fix_applicability")?,
        impact_note: row.get("impact_note")?,
        recommendation: row.get("recommendation")?,
        fix_verification: verification_from_col(
            "violations",
            row.get::<Option<String>>("fix_verification")?.as_deref(),
        )?,
        suppression: row.get("suppression")?,
        status: row.parse("violations", "status")?,
        owner: owner_from_col(row.get("owner")?),
        owner_source: row.parse_opt("violations", "owner_source")?,
        due_date: row.get("due_date")?,
        first_seen: row.time("first_seen")?,
        last_seen: row.time("last_seen")?,
        scanned_commit: row.get("scanned_commit")?,
        fixed_commit: row.get("fixed_commit")?,
        fixed_at: row.time_opt("fixed_at")?,
    })
}

/// Binds the columns the insert and the update share, `rule_id` to `fix_verification`, in
/// table order.
fn bind_shared_columns(q: Query, v: &Violation) -> Query {
    q.bind(v.rule_id.as_str())
        .bind(severity_rank(v.severity))
        .bind(&v.message)
        .bind(v.address.to_string())
        .bind_json(&addresses_col(&v.instances))
        .bind(&v.root_module)
        .bind(&v.path)
        .bind(i64::from(v.start_line))
        .bind(i64::from(v.end_line))
        .bind_json(&v.call_chain)
        .bind(&v.fix_diff)
        .bind(v.fix_applicability.map(Applicability::as_str))
        .bind(&v.impact_note)
        .bind(&v.recommendation)
        .bind(&v.suppression)
        .bind(v.status.as_str())
        .bind(owner_col(v.owner.as_ref()))
        .bind(v.owner_source.map(OwnerSource::as_str))
        .bind(v.due_date)
        .bind(verification_col(v.fix_verification.as_ref()))
}

/// Inserts a violation (its `id` is ignored) and returns its new id; a fingerprint the
/// campaign tracks already is a [`StoreError::Conflict`] with `conflict`.
async fn insert(tx: &mut Tx, v: &Violation, conflict: impl FnOnce() -> String) -> StoreResult<Id> {
    let q = Query::new(INSERT_VIOLATION)
        .bind(v.campaign_id)
        .bind(v.repository_id)
        .bind(&v.fingerprint);
    bind_shared_columns(q, v)
        .bind(v.first_seen)
        .bind(v.last_seen)
        .bind(&v.scanned_commit)
        .bind(&v.fixed_commit)
        .bind(v.fixed_at)
        .fetch_one(tx)
        .await
        .map_err(|e| e.conflict_if_unique(conflict))?
        .get("id")
}

/// Writes every mutable column of `v` (by id).
pub(super) async fn write(tx: &mut Tx, v: &Violation) -> StoreResult<()> {
    bind_shared_columns(Query::new(UPDATE_VIOLATION).bind(v.id), v)
        .bind(v.last_seen)
        .bind(&v.scanned_commit)
        .bind(&v.fixed_commit)
        .bind(v.fixed_at)
        .execute(tx)
        .await?;
    Ok(())
}

/// Moves `v` to `to` (clearing the fixing commit unless `to` is fixed), writes it and
/// audits the change as `violation.status` with `extra` merged into the detail.
pub(super) async fn move_to(
    tx: &mut Tx,
    log: Log<'_>,
    v: &mut Violation,
    to: ViolationStatus,
    extra: serde_json::Value,
) -> StoreResult<()> {
    let from = v.status;
    v.status = to;
    if to != ViolationStatus::Fixed {
        v.fixed_commit = None;
        v.fixed_at = None;
    }
    write(tx, v).await?;
    let mut detail = json!({ "from": from.as_str(), "to": to.as_str() });
    if let (Some(d), serde_json::Value::Object(extra)) = (detail.as_object_mut(), extra) {
        d.extend(extra);
    }
    let subject = format!("violation:{}", v.id);
    log.append(
        tx,
        "violation.status",
        Some(v.campaign_id),
        &subject,
        detail,
    )
    .await
}

/// The violation with row id `id` ([`Store::violation`](super::Store::violation)).
pub(super) async fn by_id<'c>(on: impl Into<Exec<'c>>, id: Id) -> StoreResult<Violation> {
    let q = Query::new(&format!("{SELECT_VIOLATIONS} WHERE id = $1")).bind(id);
    q.one(on, || format!("violation {id}"), violation_from_row)
        .await
}

/// The violations of one campaign in one repository.
async fn of_repository(
    tx: &mut Tx,
    campaign_id: Id,
    repository_id: Id,
) -> StoreResult<Vec<Violation>> {
    let sql = format!("{SELECT_VIOLATIONS} WHERE campaign_id = $1 AND repository_id = $2");
    let q = Query::new(&sql).bind(campaign_id).bind(repository_id);
    q.all(tx, violation_from_row).await
}

/// The violations, in any campaign, with `fingerprint` and `status`, by id.
pub(super) async fn with_fingerprint(
    tx: &mut Tx,
    fingerprint: &str,
    status: ViolationStatus,
) -> StoreResult<Vec<Violation>> {
    let sql = format!("{SELECT_VIOLATIONS} WHERE fingerprint = $1 AND status = $2 ORDER BY id");
    let q = Query::new(&sql).bind(fingerprint).bind(status.as_str());
    q.all(tx, violation_from_row).await
}

/// [`Store::violations`](super::Store::violations): a filtered page in keyset order.
pub(super) async fn page(db: &Pool, query: &ViolationQuery) -> StoreResult<Page<Violation>> {
    let after = query
        .after
        .as_deref()
        .map(|c| SortKey::decode(c, query))
        .transpose()?;
    let due_key = db.dialect().due_key;
    let mut q = Query::new(SELECT_VIOLATIONS);
    q.push(" WHERE 1 = 1");
    if let Some(c) = query.campaign_id {
        q.push(" AND campaign_id = ").push_bind(c);
    }
    if !query.statuses.is_empty() {
        q.push(" AND status IN ")
            .push_list(query.statuses.iter().map(|s| s.as_str()));
    }
    if !query.severities.is_empty() {
        q.push(" AND severity IN ")
            .push_list(query.severities.iter().map(|s| severity_rank(*s)));
    }
    if !query.owners.is_empty() {
        q.push(" AND lower(owner) IN ")
            .push_list(query.owners.iter().map(|o| o.to_ascii_lowercase()));
    }
    if let Some(r) = query.repository_id {
        q.push(" AND repository_id = ").push_bind(r);
    }
    if let Some(rule) = &query.rule_id {
        q.push(" AND rule_id = ").push_bind(rule);
    }
    if let Some(f) = &query.fingerprint {
        q.push(" AND fingerprint = ").push_bind(f);
    }
    if let Some(key) = after {
        key.push_after(&mut q, query.sort, query.descending, due_key);
    }
    q.push(" ORDER BY ")
        .push(&cursor::order_by(query.sort, query.descending, due_key));
    if query.limit > 0 {
        q.push(" LIMIT ").push_bind(i64::from(query.limit) + 1);
    }
    let mut items = q.all(&mut db.acquire().await?, violation_from_row).await?;
    let limit = usize::try_from(query.limit).unwrap_or(usize::MAX);
    let next = if query.limit > 0 && items.len() > limit {
        items.truncate(limit);
        items
            .last()
            .map(|v| SortKey::of(v, query.sort).encode(query.sort, query.descending))
    } else {
        None
    };
    Ok(Page { items, next })
}

/// [`Store::assign`](super::Store::assign).
pub(super) async fn assign(db: &Pool, id: Id, owner: &str, actor: &str) -> StoreResult<Violation> {
    let log = Log { actor, at: now() };
    let mut tx = db.begin_write().await?;
    let mut v = by_id(&mut tx, id).await?;
    let from = v.owner.clone();
    v.owner = (!owner.is_empty()).then(|| owner.to_owned());
    v.owner_source = Some(OwnerSource::Manual);
    write(&mut tx, &v).await?;
    let detail = json!({ "from": from, "to": v.owner });
    let subject = format!("violation:{id}");
    log.append(
        &mut tx,
        "violation.assign",
        Some(v.campaign_id),
        &subject,
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(v)
}

/// [`Store::set_status`](super::Store::set_status).
pub(super) async fn set_status(
    db: &Pool,
    ids: &[Id],
    status: ViolationStatus,
    note: &str,
    actor: &str,
) -> StoreResult<()> {
    if matches!(status, ViolationStatus::Fixed | ViolationStatus::Excepted) {
        return Err(StoreError::Conflict(format!(
            "a violation becomes `{status}` through a sync or an approved exception, not by hand"
        )));
    }
    let log = Log { actor, at: now() };
    let mut tx = db.begin_write().await?;
    for &id in ids {
        let mut v = by_id(&mut tx, id).await?;
        if v.status != status {
            move_to(&mut tx, log, &mut v, status, json!({ "note": note })).await?;
        }
    }
    tx.commit().await
}

/// [`Store::counts`](super::Store::counts).
pub(super) async fn counts(db: &Pool, campaign_id: Id, today: Date) -> StoreResult<Vec<CountRow>> {
    let q = Query::new(SELECT_COUNTS).bind(campaign_id).bind(today);
    q.all(&mut db.acquire().await?, |row| {
        Ok(CountRow {
            status: row.parse("violations", "status")?,
            severity: severity_from_rank("violations", row.get("severity")?)?,
            owner: owner_from_col(row.get("owner")?),
            repository: row.get("repository")?,
            rule_id: rule_id_from_col("violations", &row.get::<String>("rule_id")?)?,
            overdue: row.get("overdue")?,
            suppressed: row.get("suppressed")?,
            count: to_u64(row.get("n")?),
        })
    })
    .await
}

/// Which fingerprints an approved exception holds: what a sync keeps excepted and what
/// expiring an exception must not reopen.
const SELECT_HELD_FINGERPRINTS: &str = "SELECT DISTINCT fingerprint FROM exceptions \
     WHERE state = 'approved' AND expires_at > $1";

/// The fingerprints an approved exception unexpired at `now` holds, in any campaign.
pub(super) async fn held_fingerprints(
    tx: &mut Tx,
    now: OffsetDateTime,
) -> StoreResult<HashSet<String>> {
    let q = Query::new(SELECT_HELD_FINGERPRINTS).bind(now);
    Ok(q.all(tx, |r| r.get("fingerprint"))
        .await?
        .into_iter()
        .collect())
}
