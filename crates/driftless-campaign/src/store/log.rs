//! Appending to the audit log: what every audited write of every aggregate shares, below
//! all of them.

use super::StoreResult;
use super::db::{Query, Tx};
use crate::model::Id;
use time::OffsetDateTime;

const INSERT_AUDIT: &str = "INSERT INTO audit_log (at, actor, action, campaign_id, subject, detail) \
     VALUES ($1, $2, $3, $4, $5, $6)";
/// Who a write's audit entries name, and when the write happened.
#[derive(Debug, Clone, Copy)]
pub(super) struct Log<'a> {
    /// The user (`driftless` for syncs run without one).
    pub(super) actor: &'a str,
    /// The write's time, as stored.
    pub(super) at: OffsetDateTime,
}

impl Log<'_> {
    /// Appends one entry inside `tx`: [`Log::actor`] did `action` (`violation.status`) to
    /// `subject` (`violation:12`) of `campaign_id`; `detail` says what changed.
    pub(super) async fn append(
        self,
        tx: &mut Tx,
        action: &str,
        campaign_id: Option<Id>,
        subject: &str,
        detail: serde_json::Value,
    ) -> StoreResult<()> {
        Query::new(INSERT_AUDIT)
            .bind(self.at)
            .bind(self.actor)
            .bind(action)
            .bind(campaign_id)
            .bind(subject)
            .bind_json(&detail)
            .execute(tx)
            .await?;
        Ok(())
    }
}
