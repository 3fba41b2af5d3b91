//! `aws-rds-public-access-disabled`: RDS DB instances are not publicly accessible.

use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::common::{Requirement, is_false, require};
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::Resource;

declare_rule! {
    /// ## What it checks
    /// `aws_db_instance` and `aws_rds_cluster_instance` (Aurora) blocks with
    /// `publicly_accessible = true`. An absent `publicly_accessible` is fine: the provider
    /// sends `false` by default
    /// (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#publicly_accessible>),
    /// whatever the API would default to for the subnet group. A value unknown before apply is
    /// not reported.
    ///
    /// ## Why it matters
    /// A publicly accessible DB instance gets a public IP address, and its DNS endpoint
    /// resolves to that address from outside the VPC. Only its security groups then stand
    /// between the database port and the internet, and one permissive rule, now or later,
    /// exposes it to password guessing and to any vulnerability of the engine. A DB instance
    /// that is not publicly accessible has a DNS name that resolves to its private address
    /// only (`PubliclyAccessible` in
    /// <https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_db_instance" "app" {
    ///   engine              = "postgres"
    ///   instance_class      = "db.t4g.micro"
    ///   publicly_accessible = true
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_db_instance" "app" {
    ///   engine              = "postgres"
    ///   instance_class      = "db.t4g.micro"
    ///   publicly_accessible = false
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `publicly_accessible = false` where the value is set (the block, a variable
    /// default, a `.tfvars` entry or the calling module's argument).
    ///
    /// ## Fix safety
    /// `review`: the change applies in place (no replacement), but clients that reach the
    /// database from outside its VPC over the internet (a laptop, a SaaS tool, another cloud)
    /// lose access. Give them a path through the VPC first (VPN, Direct Connect, peering, a
    /// bastion or Session Manager port forwarding).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-2>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#publicly_accessible>
    /// - Security Hub FSBP `RDS.2`; Checkov `CKV_AWS_17`; Trivy `AVD-AWS-0180`
    ///   (`aws-rds-enable-public-access`, "RDS Publicly Accessible": it fails instances and
    ///   cluster instances with public access on, despite its long id); KICS
    ///   `35113e6f-2c6b-414d-beec-7a9482d3b2d1` (`rds_db_instance_publicly_accessible`); Prowler
    ///   `rds_instance_no_public_access`
    /// - Terrascan `AC_AWS_0054` (`AWS.RDS.NS.High.0101`)
    pub struct PublicAccessDisabled {
        id: "aws-rds-public-access-disabled",
        title: "RDS DB instances are not publicly accessible",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_db_instance", "aws_rds_cluster_instance"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-2",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_17"],
            trivy: &["AVD-AWS-0180", "AWS-0180", "aws-rds-enable-public-access"],
            kics: &["35113e6f-2c6b-414d-beec-7a9482d3b2d1"],
            prowler: &["rds_instance_no_public_access"],
            security_hub: &["RDS.2"],
            terrascan: &["AC_AWS_0054", "AWS.RDS.NS.High.0101"],
        },
        check: public_access_disabled,
    }
}

/// `aws-rds-public-access-disabled`
fn public_access_disabled(cx: &mut Checker<'_>, resource: &Resource) {
    require(
        cx,
        resource,
        &resource.block,
        &Requirement {
            attribute: "publicly_accessible",
            accepts: is_false,
            default_ok: true,
            fix_value: "false",
            absent_message: "",
            wrong_message: "DB instance is publicly accessible (`publicly_accessible = true`)",
            applicability: Applicability::Review,
            title: "Make the DB instance private",
            note: "Clients that reach the database from outside its VPC over the internet lose access; give them a path through the VPC (VPN, peering, bastion) first.",
            replaces: false,
        },
    );
}
