//! The built-in rules, by provider and service.

pub mod aws;
pub mod common;
