//! AWS rules, by service.

pub mod cloudtrail;
pub mod ec2;
pub mod ecr;
pub mod iam;
pub mod kms;
pub mod rds;
pub mod s3;
pub mod vpc;
