//! Writing one sync of one repository: what a scan saw becomes new, updated, reopened,
//! excepted or fixed violations, each status change audited.

use super::{insert, move_to, of_repository, write};
use crate::model::{
    Id, Observation, OwnerSource, SyncBatch, SyncSummary, Violation, ViolationStatus,
};
use crate::store::db::{Pool, micros};
use crate::store::{StoreResult, audit, campaigns, exceptions, repositories};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use time::OffsetDateTime;

/// [`Store::apply_sync`](crate::Store::apply_sync).
pub(in crate::store) async fn apply_sync(
    db: &Pool,
    batch: &SyncBatch,
    actor: &str,
) -> StoreResult<SyncSummary> {
    let now = micros(batch.now);
    let mut tx = db.begin_write().await?;
    let campaign = campaigns::by_id(&mut tx, batch.campaign_id).await?;
    let repository = repositories::by_id(&mut tx, batch.repository_id).await?;
    let mut tracked: HashMap<String, Violation> =
        of_repository(&mut tx, campaign.id, repository.id)
            .await?
            .into_iter()
            .map(|v| (v.fingerprint.clone(), v))
            .collect();
    let excepted = exceptions::held_fingerprints(&mut tx, now).await?;
    // The status a violation seen by this scan takes when it is not outstanding.
    let seen_status = |fingerprint: &str| {
        if excepted.contains(fingerprint) {
            ViolationStatus::Excepted
        } else {
            ViolationStatus::Open
        }
    };

    let mut summary = SyncSummary::default();
    let mut seen: HashSet<&str> = HashSet::new();
    for o in &batch.seen {
        if !seen.insert(o.fingerprint.as_str()) {
            continue; // a fingerprint is one violation; the first observation wins
        }
        let Some(v) = tracked.get_mut(&o.fingerprint) else {
            let status = seen_status(&o.fingerprint);
            let mut v = new_violation(batch, now, (campaign.id, repository.id), o, status);
            v.id = insert(&mut tx, &v, || {
                format!(
                    "fingerprint {} is already tracked in campaign `{}` for another repository",
                    o.fingerprint, campaign.name
                )
            })
            .await?;
            audit::append(
                &mut tx,
                now,
                actor,
                "violation.create",
                Some(campaign.id),
                &format!("violation:{}", v.id),
                json!({ "fingerprint": v.fingerprint, "rule": v.rule_id,
                        "status": status.as_str(), "commit": batch.commit }),
            )
            .await?;
            summary.new += 1;
            continue;
        };
        let changed = merge_observation(v, o);
        let commit_moved = v.scanned_commit != batch.commit;
        if commit_moved {
            v.last_seen = now;
            v.scanned_commit.clone_from(&batch.commit);
        }
        if v.status == ViolationStatus::Fixed {
            let to = seen_status(&o.fingerprint);
            let detail = json!({ "commit": batch.commit, "reason": "seen again" });
            move_to(&mut tx, v, to, now, actor, detail).await?;
            summary.reopened += 1;
        } else if v.status.is_outstanding() && excepted.contains(&o.fingerprint) {
            let detail = json!({ "commit": batch.commit,
                                 "reason": "an approved exception holds its fingerprint" });
            move_to(&mut tx, v, ViolationStatus::Excepted, now, actor, detail).await?;
            summary.updated += 1;
        } else if changed || commit_moved {
            write(&mut tx, v).await?;
            if changed {
                summary.updated += 1;
            } else {
                summary.unchanged += 1;
            }
        } else {
            summary.unchanged += 1;
        }
    }
    for fingerprint in &batch.fixed {
        if seen.contains(fingerprint.as_str()) {
            continue; // seen by the same scan: not fixed
        }
        let Some(v) = tracked.get_mut(fingerprint) else {
            continue;
        };
        if v.status == ViolationStatus::Fixed {
            continue;
        }
        v.fixed_commit = Some(batch.commit.clone());
        v.fixed_at = Some(now);
        let detail = json!({ "commit": batch.commit });
        move_to(&mut tx, v, ViolationStatus::Fixed, now, actor, detail).await?;
        summary.fixed += 1;
    }
    if summary.new + summary.updated + summary.reopened + summary.fixed > 0 {
        audit::append(
            &mut tx,
            now,
            actor,
            "campaign.sync",
            Some(campaign.id),
            &format!("repository:{}", repository.name),
            json!({ "commit": batch.commit, "new": summary.new,
                    "updated": summary.updated, "reopened": summary.reopened,
                    "fixed": summary.fixed, "unchanged": summary.unchanged }),
        )
        .await?;
    }
    tx.commit().await?;
    if summary.new + summary.fixed > 0 {
        db.after_sync().await;
    }
    Ok(summary)
}

/// A violation first seen by `batch` at `now` in (campaign, repository), as `o` says, with
/// `status`.
fn new_violation(
    batch: &SyncBatch,
    now: OffsetDateTime,
    (campaign_id, repository_id): (Id, Id),
    o: &Observation,
    status: ViolationStatus,
) -> Violation {
    let Observation {
        fingerprint,
        rule_id,
        severity,
        message,
        address,
        instances,
        root_module,
        path,
        start_line,
        end_line,
        call_chain,
        fix_diff,
        fix_applicability,
        impact_note,
        recommendation,
        suppression,
        owner,
        owner_source,
        due_date,
    } = o.clone();
    Violation {
        id: 0,
        campaign_id,
        repository_id,
        fingerprint,
        rule_id,
        severity,
        message,
        address,
        instances,
        root_module,
        path,
        start_line,
        end_line,
        call_chain,
        fix_diff,
        fix_applicability,
        impact_note,
        recommendation,
        suppression,
        status,
        owner,
        owner_source,
        due_date,
        first_seen: now,
        last_seen: now,
        scanned_commit: batch.commit.clone(),
        fixed_commit: None,
        fixed_at: None,
    }
}

/// Copies what a scan decides from `o` onto `v`; returns whether anything changed. A manual
/// owner and an existing due date are kept.
fn merge_observation(v: &mut Violation, o: &Observation) -> bool {
    let before = v.clone();
    v.rule_id.clone_from(&o.rule_id);
    v.severity = o.severity;
    v.message.clone_from(&o.message);
    v.address.clone_from(&o.address);
    v.instances.clone_from(&o.instances);
    v.root_module.clone_from(&o.root_module);
    v.path.clone_from(&o.path);
    v.start_line = o.start_line;
    v.end_line = o.end_line;
    v.call_chain.clone_from(&o.call_chain);
    v.fix_diff.clone_from(&o.fix_diff);
    v.fix_applicability.clone_from(&o.fix_applicability);
    v.impact_note.clone_from(&o.impact_note);
    v.recommendation.clone_from(&o.recommendation);
    v.suppression.clone_from(&o.suppression);
    if v.owner_source != Some(OwnerSource::Manual) {
        v.owner.clone_from(&o.owner);
        v.owner_source = o.owner_source;
    }
    if v.due_date.is_none() {
        v.due_date = o.due_date;
    }
    *v != before
}
