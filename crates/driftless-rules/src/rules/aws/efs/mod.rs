//! EFS rules: file systems.

pub mod encryption_required;
