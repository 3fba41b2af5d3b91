//! Stable rule ids.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// A stable rule id, kebab-case `<provider>-<service>-<requirement>`, such as
/// `aws-ec2-imdsv2-required`. Ids are forever: a renamed rule keeps its old id as an alias.
///
/// Deserializing validates as [`RuleId::parse`] does, so a `RuleId` read from JSON (a
/// stored violation, a report) is always well-formed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct RuleId(Cow<'static, str>);

/// A rule id serializes as its text.
impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl TryFrom<String> for RuleId {
    type Error = RuleIdError;

    fn try_from(id: String) -> Result<Self, Self::Error> {
        if Self::is_well_formed(&id) {
            Ok(Self(Cow::Owned(id)))
        } else {
            Err(RuleIdError { id })
        }
    }
}

/// A string that is not a well-formed rule id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{id}` is not a rule id: expected lowercase words of a-z and 0-9 joined by `-`, at least three"
)]
pub struct RuleIdError {
    /// The rejected text.
    pub id: String,
}

impl RuleId {
    /// A rule id known at compile time (the catalog's own); the catalog test validates them.
    #[must_use]
    pub const fn from_static(id: &'static str) -> Self {
        Self(Cow::Borrowed(id))
    }

    /// Parses and validates `id`.
    ///
    /// # Errors
    /// [`RuleIdError`] if `id` is not lowercase kebab-case with at least three words.
    pub fn parse(id: &str) -> Result<Self, RuleIdError> {
        if Self::is_well_formed(id) {
            Ok(Self(Cow::Owned(id.to_owned())))
        } else {
            Err(RuleIdError { id: id.to_owned() })
        }
    }

    /// Whether `id` is lowercase kebab-case with at least three non-empty words.
    #[must_use]
    pub fn is_well_formed(id: &str) -> bool {
        let words: Vec<&str> = id.split('-').collect();
        words.len() >= 3
            && words.iter().all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    }

    /// The id as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;

    #[test]
    fn validation() {
        assert!(RuleId::parse("aws-ec2-imdsv2-required").is_ok());
        assert!(RuleId::parse("aws-ec2").is_err());
        assert!(RuleId::parse("AWS-ec2-x").is_err());
        assert!(RuleId::parse("aws--x-y").is_err());
    }

    #[test]
    fn json_reads_only_well_formed_ids_and_writes_the_text() {
        let id: RuleId = serde_json::from_str("\"aws-ec2-imdsv2-required\"").unwrap();
        assert_eq!(id.as_str(), "aws-ec2-imdsv2-required");
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            "\"aws-ec2-imdsv2-required\""
        );
        let err = serde_json::from_str::<RuleId>("\"rule-a\"").unwrap_err();
        assert!(
            err.to_string().contains("`rule-a` is not a rule id"),
            "{err}"
        );
    }
}
