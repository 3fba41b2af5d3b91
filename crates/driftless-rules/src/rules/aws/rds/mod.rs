//! RDS rules: DB instances and Aurora clusters.

pub mod backup_retention_sufficient;
pub mod deletion_protection_enabled;
pub mod engines;
pub mod iam_authentication_enabled;
pub mod public_access_disabled;
pub mod storage_encryption_required;
