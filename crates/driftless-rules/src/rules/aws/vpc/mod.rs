//! VPC rules: security groups and their rules.

pub(crate) mod companion;
pub mod default_sg_restricts_all;
pub mod flow_logs_enabled;
pub(crate) mod ingress;
pub mod sg_all_ports_open_to_world;
pub mod sg_rdp_open_to_world;
pub mod sg_ssh_open_to_world;
pub mod subnet_no_public_ip_on_launch;
