//! DynamoDB rules: tables.

pub mod pitr_enabled;
