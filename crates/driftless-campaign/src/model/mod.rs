//! The campaign model as the store keeps it: what the CLI, the web UI and reports read.
//!
//! Times are UTC ([`OffsetDateTime`](time::OffsetDateTime)), dates are calendar days
//! ([`Date`](time::Date)). Ids are the store's own 64-bit row ids. Rule ids, resource addresses,
//! severities and fix applicabilities are the diagnostics crate's types, stored and shown as
//! their text. Nothing here holds an attribute value from a state file: a violation keeps
//! its location, its fix as a diff and its notes, never the values.
//!
//! One private module per aggregate, every type re-exported here: `user` (users, sessions,
//! API tokens), `repository`, `campaign`, `violation` (violations, syncs, listings, counts),
//! `exception`, `remediation`, `audit` (the audit log and snapshots).

// Calendar days as `YYYY-MM-DD` in JSON (`time`'s own serde form is a tuple).
time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// Serde for a value kept as its text (`Display`, `FromStr`) in JSON: a resource address,
/// whose own serde form is a structure.
pub(crate) mod as_text {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};
    use std::fmt::Display;
    use std::str::FromStr;

    /// Serialises `value` as its text.
    pub(crate) fn serialize<T: Display, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(value)
    }

    /// Parses a text.
    pub(crate) fn deserialize<'de, T, D>(d: D) -> Result<T, D::Error>
    where
        T: FromStr,
        T::Err: Display,
        D: Deserializer<'de>,
    {
        String::deserialize(d)?.parse().map_err(D::Error::custom)
    }

    /// The same for a list: an array of texts.
    pub(crate) mod vec {
        use super::*;

        /// Serialises `values` as an array of their texts.
        pub(crate) fn serialize<T: Display, S: Serializer>(
            values: &[T],
            s: S,
        ) -> Result<S::Ok, S::Error> {
            s.collect_seq(values.iter().map(ToString::to_string))
        }

        /// Parses an array of texts.
        pub(crate) fn deserialize<'de, T, D>(d: D) -> Result<Vec<T>, D::Error>
        where
            T: FromStr,
            T::Err: Display,
            D: Deserializer<'de>,
        {
            Vec::<String>::deserialize(d)?
                .iter()
                .map(|text| text.parse().map_err(D::Error::custom))
                .collect()
        }
    }
}

/// A row id in the store.
pub type Id = i64;

/// An error parsing one of the model's keyword enums from text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{value}`: expected one of {expected}")]
pub struct ParseKeywordError {
    /// What was being parsed: "role", "status".
    pub what: &'static str,
    /// The text given.
    pub value: String,
    /// The accepted words, comma-separated.
    pub expected: &'static str,
}

/// Declares a keyword enum stored as lowercase text, with `as_str`, `Display`, `FromStr`.
macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            ::serde::Serialize, ::serde::Deserialize,
        )]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The word stored and shown.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::model::ParseKeywordError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok(Self::$variant),)+
                    _ => Err($crate::model::ParseKeywordError {
                        what: $what,
                        value: s.to_owned(),
                        expected: concat!($($text, " "),+),
                    }),
                }
            }
        }
    };
}

mod audit;
mod campaign;
mod exception;
mod remediation;
mod repository;
mod user;
mod violation;

pub use audit::*;
pub use campaign::*;
pub use exception::*;
pub use remediation::*;
pub use repository::*;
pub use user::*;
pub use violation::*;
