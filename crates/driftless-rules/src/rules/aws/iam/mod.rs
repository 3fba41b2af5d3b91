//! IAM rules: policies and policy documents.
