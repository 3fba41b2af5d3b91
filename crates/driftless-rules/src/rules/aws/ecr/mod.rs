//! ECR rules: repositories.

pub mod scan_on_push_required;
