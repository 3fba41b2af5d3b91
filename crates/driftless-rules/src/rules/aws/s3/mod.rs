//! S3 rules: buckets and their split-out configuration resources.

pub mod access_logging_enabled;
pub mod companion;
pub mod encryption_required;
pub mod no_public_acl;
pub mod public_access_block_required;
pub mod tls_only;
pub mod versioning_required;
