//! CloudWatch rules: log groups.

pub mod log_retention_set;
