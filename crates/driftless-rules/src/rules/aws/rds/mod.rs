//! RDS rules: DB instances and Aurora clusters.

pub mod public_access_disabled;
pub mod storage_encryption_required;
