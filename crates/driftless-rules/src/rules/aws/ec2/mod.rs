//! EC2 rules: instances, launch templates, EBS volumes.

pub mod ebs_encryption_by_default;
pub mod ebs_encryption_required;
pub mod imdsv2_required;
pub mod instance_no_public_ip;
pub mod root_volume_encryption_required;
