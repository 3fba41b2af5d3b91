//! IAM rules: policies and policy documents.

pub mod password_policy_strong;
pub mod policy_admin_wildcard;
