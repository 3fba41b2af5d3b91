//! CloudTrail rules: trails.

pub mod kms_encryption;
pub mod log_validation_required;
pub mod multi_region;
