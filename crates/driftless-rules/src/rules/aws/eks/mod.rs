//! EKS rules: clusters.

pub mod public_endpoint_disabled;
pub mod secrets_encryption_required;
