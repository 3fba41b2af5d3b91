//! S3 rules: buckets and their split-out configuration resources.

pub mod companion;
pub mod encryption_required;
pub mod public_access_block_required;
pub mod versioning_required;
