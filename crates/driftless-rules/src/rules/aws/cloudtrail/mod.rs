//! CloudTrail rules: trails.

pub mod log_validation_required;
