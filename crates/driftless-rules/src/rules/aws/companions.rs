//! Split-out companion resources across services: which resource a companion configures, as
//! the rules that read companions decide it. `driftless map` uses it to find, for a scanner's
//! finding about a bucket or a VPC, the rule's finding on the companion where the fault is
//! written (`block_public_acls = var.x` in an `aws_s3_bucket_public_access_block`).

use crate::rules::aws::{s3, vpc};
use driftless_hcl::Resource;

/// Whether `other` (in the same module instance) is a split-out resource that configures
/// `parent`: one of an `aws_s3_bucket`'s `aws_s3_bucket_*` resources naming it in `bucket`,
/// or a resource naming an `aws_vpc` in `vpc_id` (its `aws_flow_log`).
#[must_use]
pub fn configures(parent: &Resource, other: &Resource) -> bool {
    match parent.resource_type() {
        s3::companion::BUCKET => {
            other.resource_type().starts_with("aws_s3_bucket_")
                && s3::companion::link(parent, other) == s3::companion::Link::Configures
        }
        "aws_vpc" | "aws_default_vpc" => {
            vpc::companion::link(parent, other) == vpc::companion::Link::Configures
        }
        _ => false,
    }
}
