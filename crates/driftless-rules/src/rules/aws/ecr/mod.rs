//! ECR rules: repositories.

pub mod immutable_tags;
pub mod scan_on_push_required;
