//! Writing one sync of one repository: what a scan saw becomes new, updated, reopened,
//! excepted or fixed violations, each status change audited.

use super::{insert, move_to, of_repository, write};
use crate::model::{
    Id, Observation, OwnerSource, SyncBatch, SyncSummary, Violation, ViolationStatus,
};
use crate::store::db::{Pool, micros};
use crate::store::log::Log;
use crate::store::{StoreResult, campaigns, repositories};
use serde_json::json;
use std::collections::{HashMap, HashSet};

/// [`Store::apply_sync`](crate::Store::apply_sync).
pub(in crate::store) async fn apply_sync(
    db: &Pool,
    batch: &SyncBatch,
    actor: &str,
) -> StoreResult<SyncSummary> {
    let log = Log {
        actor,
        at: micros(batch.now),
    };
    let mut tx = db.begin_write().await?;
    let campaign = campaigns::by_id(&mut tx, batch.campaign_id).await?;
    let repository = repositories::by_id(&mut tx, batch.repository_id).await?;
    let mut tracked: HashMap<String, Violation> =
        of_repository(&mut tx, campaign.id, repository.id)
            .await?
            .into_iter()
            .map(|v| (v.fingerprint.clone(), v))
            .collect();
    let excepted = super::held_fingerprints(&mut tx, log.at).await?;
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
            let mut v = new_violation(batch, log, (campaign.id, repository.id), o, status);
            v.id = insert(&mut tx, &v, || {
                format!(
                    "fingerprint {} is already tracked in campaign `{}` for another repository",
                    o.fingerprint, campaign.name
                )
            })
            .await?;
            let detail = json!({ "fingerprint": v.fingerprint, "rule": v.rule_id,
                                 "status": status.as_str(), "commit": batch.commit });
            let subject = format!("violation:{}", v.id);
            log.append(
                &mut tx,
                "violation.create",
                Some(campaign.id),
                &subject,
                detail,
            )
            .await?;
            summary.new += 1;
            continue;
        };
        let changed = merge_observation(v, o);
        let commit_moved = v.scanned_commit != batch.commit;
        if commit_moved {
            v.last_seen = log.at;
            v.scanned_commit.clone_from(&batch.commit);
        }
        if v.status == ViolationStatus::Fixed {
            let to = seen_status(&o.fingerprint);
            let detail = json!({ "commit": batch.commit, "reason": "seen again" });
            move_to(&mut tx, log, v, to, detail).await?;
            summary.reopened += 1;
        } else if v.status.is_outstanding() && excepted.contains(&o.fingerprint) {
            let detail = json!({ "commit": batch.commit,
                                 "reason": "an approved exception holds its fingerprint" });
            move_to(&mut tx, log, v, ViolationStatus::Excepted, detail).await?;
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
        v.fixed_at = Some(log.at);
        let detail = json!({ "commit": batch.commit });
        move_to(&mut tx, log, v, ViolationStatus::Fixed, detail).await?;
        summary.fixed += 1;
    }
    if summary.new + summary.updated + summary.reopened + summary.fixed > 0 {
        let detail = json!({ "commit": batch.commit, "new": summary.new,
                             "updated": summary.updated, "reopened": summary.reopened,
                             "fixed": summary.fixed, "unchanged": summary.unchanged });
        let subject = format!("repository:{}", repository.name);
        log.append(
            &mut tx,
            "campaign.sync",
            Some(campaign.id),
            &subject,
            detail,
        )
        .await?;
    }
    tx.commit().await?;
    if summary.new + summary.fixed > 0 {
        db.after_sync().await;
    }
    Ok(summary)
}

/// A violation first seen by `batch` (at the sync's time) in (campaign, repository), as `o`
/// says, with `status`.
fn new_violation(
    batch: &SyncBatch,
    log: Log<'_>,
    (campaign_id, repository_id): (Id, Id),
    o: &Observation,
    status: ViolationStatus,
) -> Violation {
    Violation {
        id: 0,
        campaign_id,
        repository_id,
        fingerprint: o.fingerprint.clone(),
        rule_id: o.rule_id.clone(),
        severity: o.severity,
        message: o.message.clone(),
        address: o.address.clone(),
        instances: o.instances.clone(),
        root_module: o.root_module.clone(),
        path: o.path.clone(),
        start_line: o.start_line,
        end_line: o.end_line,
        call_chain: o.call_chain.clone(),
        fix_diff: o.fix_diff.clone(),
        fix_applicability: o.fix_applicability,
        impact_note: o.impact_note.clone(),
        recommendation: o.recommendation.clone(),
        fix_verification: None,
        suppression: o.suppression.clone(),
        status,
        owner: o.owner.clone(),
        owner_source: o.owner_source,
        due_date: o.due_date,
        first_seen: log.at,
        last_seen: log.at,
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
    // A verification is of the fix proposed: a different fix has not been planned.
    if v.fix_diff != o.fix_diff {
        v.fix_verification = None;
    }
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
