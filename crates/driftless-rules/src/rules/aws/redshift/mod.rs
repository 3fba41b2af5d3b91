//! Redshift rules: provisioned clusters.

pub mod encryption_required;
