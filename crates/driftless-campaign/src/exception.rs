//! Exceptions (issue 5 scope 7): a developer asks to accept a violation for a while, with a
//! reason; a security user approves or denies it; an approved exception keeps the violation
//! out of pull requests until it expires, and then the violation reopens.

use crate::model::{Exception, Id, NewException, User};
use crate::store::Store;
use crate::workflow::WorkflowError;
use time::{Duration, OffsetDateTime};

/// Parses an expiry given as a day, `YYYY-MM-DD`, as the end of that day (23:59:59 UTC):
/// `--expires` and the web form name the last day the exception holds.
///
/// # Errors
/// The text is not a date: the message says what was expected.
pub fn end_of_day(text: &str) -> Result<OffsetDateTime, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    // time's own message repeats itself through its source chain: say it once.
    let date = time::Date::parse(text.trim(), format)
        .map_err(|e| format!("expected a date as YYYY-MM-DD ({e})"))?;
    Ok(date
        .with_hms(23, 59, 59)
        .map_err(|e| e.to_string())?
        .assume_utc())
}

/// How long exceptions may last, from `driftless.toml` (`[exceptions]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExceptionPolicy {
    /// Days an exception lasts when the request gives no expiry (issue 5: 90).
    pub default_days: u32,
    /// The longest an exception may last, in days from the request.
    pub max_days: u32,
}

impl Default for ExceptionPolicy {
    fn default() -> Self {
        Self {
            default_days: 90,
            max_days: 365,
        }
    }
}

/// Requests an exception for violation `violation_id` as `actor`, expiring at `expires`
/// (default: `policy.default_days` from `now`).
///
/// # Errors
/// [`WorkflowError::Forbidden`] for a viewer; [`WorkflowError::Invalid`] for an empty reason,
/// an expiry in the past or beyond `policy.max_days`; store errors (an exception already
/// requested or approved is a conflict).
pub async fn request(
    store: &dyn Store,
    actor: &User,
    violation_id: Id,
    reason: &str,
    expires: Option<OffsetDateTime>,
    policy: ExceptionPolicy,
    now: OffsetDateTime,
) -> Result<Exception, WorkflowError> {
    if !actor.role.can_act_on_violations() {
        return Err(WorkflowError::Forbidden {
            actor: actor.name.clone(),
            role: actor.role,
            action: "request an exception",
        });
    }
    let violation = store.violation(violation_id).await?;
    let campaign = store.campaign_by_id(violation.campaign_id).await?;
    if campaign.state == crate::model::CampaignState::Closed {
        return Err(WorkflowError::Invalid(format!(
            "campaign {} is closed: its violations take no more exceptions",
            campaign.name
        )));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(WorkflowError::Invalid(
            "an exception needs a reason: say why the violation is acceptable".into(),
        ));
    }
    if reason.chars().count() > crate::model::MAX_REASON_CHARS {
        return Err(WorkflowError::Invalid(format!(
            "the reason is longer than {} characters: link to a document instead",
            crate::model::MAX_REASON_CHARS
        )));
    }
    let expires_at = expires.unwrap_or(now + Duration::days(i64::from(policy.default_days)));
    if expires_at <= now {
        return Err(WorkflowError::Invalid(format!(
            "the expiry {} is not in the future",
            expires_at.date()
        )));
    }
    // Compared by day: `--expires` names the last day, which ends at 23:59:59.
    let latest = now + Duration::days(i64::from(policy.max_days));
    if expires_at.date() > latest.date() {
        return Err(WorkflowError::Invalid(format!(
            "the expiry {} is more than {} days away (the maximum set in driftless.toml, [exceptions] max-days); the latest allowed is {}",
            expires_at.date(),
            policy.max_days,
            latest.date()
        )));
    }
    Ok(store
        .request_exception(&NewException {
            violation_id,
            reason: reason.to_owned(),
            requester: actor.name.clone(),
            expires_at,
            now,
        })
        .await?)
}

/// Approves (`approve`) or denies exception `id` as `actor`.
///
/// # Errors
/// [`WorkflowError::Forbidden`] unless `actor` has the security (or admin) role, or when
/// they requested it themselves (four eyes); store errors (an exception already decided is
/// a conflict).
pub async fn decide(
    store: &dyn Store,
    actor: &User,
    id: Id,
    approve: bool,
    note: Option<&str>,
    now: OffsetDateTime,
) -> Result<Exception, WorkflowError> {
    let action = if approve {
        "approve an exception"
    } else {
        "deny an exception"
    };
    if !actor.role.can_decide_exceptions() {
        return Err(WorkflowError::Forbidden {
            actor: actor.name.clone(),
            role: actor.role,
            action,
        });
    }
    let exception = store.exception(id).await?;
    if approve && exception.requester == actor.name {
        return Err(WorkflowError::Invalid(format!(
            "{} requested exception {id}: another security user must approve it",
            actor.name
        )));
    }
    Ok(store
        .decide_exception(id, approve, &actor.name, note, now)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::end_of_day;
    use time::macros::datetime;

    #[test]
    fn an_expiry_day_ends_at_its_last_second() {
        assert_eq!(
            end_of_day(" 2027-01-31 "),
            Ok(datetime!(2027-01-31 23:59:59 UTC))
        );
        let e = end_of_day("2027-13-01").unwrap_err();
        assert!(e.starts_with("expected a date as YYYY-MM-DD ("), "{e}");
        assert!(end_of_day("31/01/2027").is_err());
    }
}
