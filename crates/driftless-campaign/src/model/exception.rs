//! Exceptions: a request to accept a violation until a day, and its decision.

use super::Id;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

keyword_enum! {
    /// Where an exception request stands.
    ExceptionState, "exception state" {
        /// Waiting for a security user.
        Requested => "requested",
        /// Approved: the violation is excepted until `expires_at`.
        Approved => "approved",
        /// Denied: the violation stays as it was.
        Denied => "denied",
        /// Was approved, and its expiry passed: the violation reopened.
        Expired => "expired",
    }
}

/// The longest exception reason accepted, in characters.
pub const MAX_REASON_CHARS: usize = 4000;

/// A request to accept a violation, and its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exception {
    /// Row id.
    pub id: Id,
    /// The campaign.
    pub campaign_id: Id,
    /// The violation it was requested for.
    pub violation_id: Id,
    /// The violation's fingerprint: the exception follows it across syncs and campaigns
    /// (while approved and unexpired, any campaign's violation with this fingerprint is
    /// `excepted`).
    pub fingerprint: String,
    /// Why.
    pub reason: String,
    /// Who asked.
    pub requester: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub requested_at: OffsetDateTime,
    /// When the acceptance ends.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// Where it stands.
    pub state: ExceptionState,
    /// Who approved or denied it.
    pub approver: Option<String>,
    /// When.
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
    /// The approver's comment.
    pub decision_note: Option<String>,
}

/// An exception to request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewException {
    /// The violation.
    pub violation_id: Id,
    /// Why.
    pub reason: String,
    /// Who asks.
    pub requester: String,
    /// When it would end.
    pub expires_at: OffsetDateTime,
    /// Now.
    pub now: OffsetDateTime,
}

/// Which exceptions to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExceptionQuery {
    /// The campaign; `None` for all.
    pub campaign_id: Option<Id>,
    /// The violation; `None` for all.
    pub violation_id: Option<Id>,
    /// Any of these states; empty for all.
    pub states: Vec<ExceptionState>,
}
