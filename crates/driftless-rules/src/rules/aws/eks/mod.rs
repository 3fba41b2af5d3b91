//! EKS rules: clusters.

pub mod public_endpoint_disabled;
