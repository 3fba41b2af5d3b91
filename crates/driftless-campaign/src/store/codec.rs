//! How model values are kept in columns, the same on both backends: severities as ranks,
//! line numbers and counts as 64-bit integers, "no owner" as `''`.

use super::db::parse_text;
use super::{StoreError, StoreResult};
use driftless_diagnostics::{ResourceAddress, RuleId, Severity, Verification};
use time::OffsetDateTime;

/// Now, as stored: UTC, whole microseconds.
pub(crate) fn now() -> OffsetDateTime {
    super::db::micros(OffsetDateTime::now_utc())
}

/// Severity as its stored rank: 0 info .. 4 critical.
pub(crate) fn severity_rank(s: Severity) -> i64 {
    match s {
        Severity::Info => 0,
        Severity::Low => 1,
        Severity::Medium => 2,
        Severity::High => 3,
        Severity::Critical => 4,
    }
}

/// The severity of a stored rank.
///
/// # Errors
/// [`StoreError::Corrupt`] naming `table` for a rank outside 0..=4.
pub(crate) fn severity_from_rank(table: &'static str, rank: i64) -> StoreResult<Severity> {
    usize::try_from(rank)
        .ok()
        .and_then(|i| Severity::ALL.get(i).copied())
        .ok_or_else(|| StoreError::Corrupt {
            table,
            message: format!("severity rank {rank} is not 0..=4"),
        })
}

/// A stored rule id.
///
/// # Errors
/// [`StoreError::Corrupt`] naming `table` when it is not a well-formed rule id.
pub(crate) fn rule_id_from_col(table: &'static str, text: &str) -> StoreResult<RuleId> {
    RuleId::parse(text).map_err(|e| StoreError::Corrupt {
        table,
        message: e.to_string(),
    })
}

/// Resource addresses as stored in a JSON column: an array of their texts.
pub(crate) fn addresses_col(addresses: &[ResourceAddress]) -> Vec<String> {
    addresses.iter().map(ToString::to_string).collect()
}

/// Resource addresses read back from [`addresses_col`]'s texts.
///
/// # Errors
/// [`StoreError::Corrupt`] naming `table` when a text is not a resource address.
pub(crate) fn addresses_from_col(
    table: &'static str,
    texts: &[String],
) -> StoreResult<Vec<ResourceAddress>> {
    texts.iter().map(|t| parse_text(table, t)).collect()
}

/// A stored integer as `u32` (line numbers).
///
/// # Errors
/// [`StoreError::Corrupt`] naming `table` when it does not fit.
pub(crate) fn to_u32(table: &'static str, n: i64) -> StoreResult<u32> {
    u32::try_from(n).map_err(|_| StoreError::Corrupt {
        table,
        message: format!("{n} is not a line number"),
    })
}

/// A fix's verification as stored: its JSON text, `None` for none.
pub(crate) fn verification_col(v: Option<&Verification>) -> Option<String> {
    // A `Verification` is strings and lists of strings: serialising it cannot fail.
    v.and_then(|v| serde_json::to_string(v).ok())
}

/// A stored verification read back from [`verification_col`]'s text.
///
/// # Errors
/// [`StoreError::Corrupt`] naming `table` when the text is not a verification.
pub(crate) fn verification_from_col(
    table: &'static str,
    text: Option<&str>,
) -> StoreResult<Option<Verification>> {
    text.map(|t| {
        serde_json::from_str(t).map_err(|e| StoreError::Corrupt {
            table,
            message: format!("fix_verification: {e}"),
        })
    })
    .transpose()
}

/// A stored count as `u64` (a negative one as 0).
pub(crate) fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// `owner` as stored: `''` for none.
pub(crate) fn owner_col(owner: Option<&String>) -> String {
    owner.cloned().unwrap_or_default()
}

/// A stored owner: `''` is none.
pub(crate) fn owner_from_col(owner: String) -> Option<String> {
    (!owner.is_empty()).then_some(owner)
}
