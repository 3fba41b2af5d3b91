//! SNS rules: topics.

pub mod encryption_required;
