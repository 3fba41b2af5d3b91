//! Reading the audit log, daily snapshots and the store's revision.
//!
//! The writes of the other aggregates append their entries with
//! [`Log::append`](super::log::Log::append) inside their own transaction. The log is
//! append-only: a trigger of each backend refuses updates and deletes.

use super::codec::to_u64;
use super::db::{Pool, Query, Row};
use super::{StoreResult, campaigns};
use crate::model::{AuditEntry, AuditQuery, Id, Snapshot, ViolationStatus};
use std::collections::BTreeMap;
use time::Date;

/// The listing's head (filters and order appended).
const SELECT_AUDIT: &str =
    "SELECT id, at, actor, action, campaign_id, subject, detail FROM audit_log";

/// Status counts for a snapshot: self-suppressed outstanding violations are left out unless
/// the campaign counts them, as in its report.
const SELECT_STATUS_COUNTS: &str = "SELECT v.status, COUNT(*) AS n \
     FROM violations v JOIN campaigns c ON c.id = v.campaign_id WHERE v.campaign_id = $1 \
     AND NOT (c.count_suppressed = FALSE AND v.suppression IS NOT NULL \
     AND v.status IN ('open', 'fix_proposed', 'in_review')) GROUP BY v.status";
const UPSERT_SNAPSHOT: &str = "INSERT INTO snapshots (campaign_id, day, open_count, \
     fix_proposed_count, in_review_count, fixed_count, excepted_count, wont_fix_count) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
     ON CONFLICT (campaign_id, day) DO UPDATE SET open_count = excluded.open_count, \
     fix_proposed_count = excluded.fix_proposed_count, \
     in_review_count = excluded.in_review_count, fixed_count = excluded.fixed_count, \
     excepted_count = excluded.excepted_count, wont_fix_count = excluded.wont_fix_count";
const SELECT_SNAPSHOTS: &str = "SELECT campaign_id, day, open_count, fix_proposed_count, \
     in_review_count, fixed_count, excepted_count, wont_fix_count FROM snapshots \
     WHERE campaign_id = $1 ORDER BY day";

/// The snapshot columns, one per status.
const SNAPSHOT_COLUMNS: [(ViolationStatus, &str); 6] = [
    (ViolationStatus::Open, "open_count"),
    (ViolationStatus::FixProposed, "fix_proposed_count"),
    (ViolationStatus::InReview, "in_review_count"),
    (ViolationStatus::Fixed, "fixed_count"),
    (ViolationStatus::Excepted, "excepted_count"),
    (ViolationStatus::WontFix, "wont_fix_count"),
];

fn entry_from_row(row: &Row) -> StoreResult<AuditEntry> {
    Ok(AuditEntry {
        id: row.get("id")?,
        at: row.time("at")?,
        actor: row.get("actor")?,
        action: row.get("action")?,
        campaign_id: row.get("campaign_id")?,
        subject: row.get("subject")?,
        detail: row.json("detail")?,
    })
}

/// [`Store::audit`](super::Store::audit).
pub(super) async fn entries(db: &Pool, query: &AuditQuery) -> StoreResult<Vec<AuditEntry>> {
    let mut q = Query::new(SELECT_AUDIT);
    q.push(" WHERE 1 = 1");
    if let Some(c) = query.campaign_id {
        q.push(" AND campaign_id = ").push_bind(c);
    }
    if let Some(s) = &query.subject {
        q.push(" AND subject = ").push_bind(s);
    }
    q.push(" ORDER BY id DESC");
    if query.limit > 0 {
        q.push(" LIMIT ").push_bind(i64::from(query.limit));
    }
    q.all(&mut db.acquire().await?, entry_from_row).await
}

/// [`Store::revision`](super::Store::revision): the dialect's statement.
pub(super) async fn revision(db: &Pool) -> StoreResult<String> {
    Query::new(db.dialect().select_revision)
        .fetch_one(&mut db.acquire().await?)
        .await?
        .get("revision")
}

/// [`Store::record_snapshot`](super::Store::record_snapshot).
pub(super) async fn record_snapshot(
    db: &Pool,
    campaign_id: Id,
    day: Date,
) -> StoreResult<Snapshot> {
    let mut tx = db.begin_write().await?;
    campaigns::by_id(&mut tx, campaign_id).await?;
    let mut counts: BTreeMap<ViolationStatus, u64> =
        ViolationStatus::ALL.iter().map(|s| (*s, 0)).collect();
    for row in Query::new(SELECT_STATUS_COUNTS)
        .bind(campaign_id)
        .fetch_all(&mut tx)
        .await?
    {
        counts.insert(row.parse("violations", "status")?, to_u64(row.get("n")?));
    }
    let mut q = Query::new(UPSERT_SNAPSHOT).bind(campaign_id).bind(day);
    for (status, _) in SNAPSHOT_COLUMNS {
        q = q.bind(i64::try_from(counts[&status]).unwrap_or(i64::MAX));
    }
    q.execute(&mut tx).await?;
    tx.commit().await?;
    Ok(Snapshot {
        campaign_id,
        day,
        counts,
    })
}

/// [`Store::snapshots`](super::Store::snapshots).
pub(super) async fn snapshots(db: &Pool, campaign_id: Id) -> StoreResult<Vec<Snapshot>> {
    let q = Query::new(SELECT_SNAPSHOTS).bind(campaign_id);
    q.all(&mut db.acquire().await?, |row| {
        let mut counts = BTreeMap::new();
        for (status, col) in SNAPSHOT_COLUMNS {
            counts.insert(status, to_u64(row.get(col)?));
        }
        Ok(Snapshot {
            campaign_id: row.get("campaign_id")?,
            day: row.get("day")?,
            counts,
        })
    })
    .await
}
