//! EC2 rules: instances, launch templates, EBS volumes.

pub mod imdsv2_required;
