//! Split-out companion resources across services: which resource a companion configures, as
//! the rules that read companions decide it. `driftless map` uses it to find, for a scanner's
//! finding about a bucket or a VPC, the rule's finding on the companion where the fault is
//! written (`block_public_acls = var.x` in an `aws_s3_bucket_public_access_block`).

use crate::rules::aws::{s3, vpc};
use driftless_hcl::{Evaluation, Resource};

/// Whether `other` is a split-out resource that configures `parent`: one of an
/// `aws_s3_bucket`'s `aws_s3_bucket_*` resources naming it in `bucket` (in its module
/// instance, or above it through the output of the module call that holds it), or a resource
/// of the VPC's module instance naming an `aws_vpc` in `vpc_id` (its `aws_flow_log`).
#[must_use]
pub fn configures(evaluation: &Evaluation, parent: &Resource, other: &Resource) -> bool {
    let same_instance = other.module_instance == parent.module_instance;
    match parent.resource_type() {
        s3::companion::BUCKET => {
            other.resource_type().starts_with("aws_s3_bucket_")
                && ((same_instance
                    && s3::companion::link(parent, other) == s3::companion::Link::Configures)
                    || s3::companion::through_module_output(evaluation, parent, other))
        }
        "aws_vpc" | "aws_default_vpc" => {
            same_instance && vpc::companion::link(parent, other) == vpc::companion::Link::Configures
        }
        _ => false,
    }
}
