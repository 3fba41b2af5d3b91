//! SQS rules: queues.

pub mod encryption_required;
