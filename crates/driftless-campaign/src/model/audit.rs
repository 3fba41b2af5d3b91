//! The audit log and the daily snapshots burndown charts are drawn from.

use super::{Id, ViolationStatus, iso_date};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::{Date, OffsetDateTime};

/// A campaign's counts on one day, for burndown charts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The campaign.
    pub campaign_id: Id,
    /// The day (UTC).
    #[serde(with = "iso_date")]
    pub day: Date,
    /// Violations per status that day (every status present, zeros included).
    pub counts: BTreeMap<ViolationStatus, u64>,
}

/// One entry of the append-only audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Row id.
    pub id: Id,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The user (or `driftless` for syncs run without a user).
    pub actor: String,
    /// What: `campaign.create`, `violation.status`, `exception.approve`...
    pub action: String,
    /// The campaign it concerns.
    pub campaign_id: Option<Id>,
    /// What it concerns: `violation:12`, `exception:3`, `user:alice`.
    pub subject: String,
    /// The change: for a status change `{"from": "open", "to": "fixed", "commit": "..."}`.
    pub detail: serde_json::Value,
}

/// Which audit entries to list, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// The campaign.
    pub campaign_id: Option<Id>,
    /// The subject (`violation:12`).
    pub subject: Option<String>,
    /// At most this many; 0 means no limit.
    pub limit: u32,
}
