//! VPC rules: security groups and their rules.

pub(crate) mod ingress;
pub mod sg_rdp_open_to_world;
pub mod sg_ssh_open_to_world;
