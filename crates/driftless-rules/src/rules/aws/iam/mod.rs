//! IAM rules: policies and policy documents.

pub mod policy_admin_wildcard;
