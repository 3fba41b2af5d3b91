//! VPC rules: security groups and their rules.
