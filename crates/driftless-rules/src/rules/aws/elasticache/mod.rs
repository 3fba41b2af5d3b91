//! ElastiCache rules: replication groups (Redis OSS and Valkey).

pub mod encryption_at_rest;
pub mod encryption_in_transit;
