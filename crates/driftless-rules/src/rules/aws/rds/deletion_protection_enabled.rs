//! `aws-rds-deletion-protection-enabled`: RDS DB instances and clusters cannot be deleted while in use.

use super::engines::Engine;
use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::common::{Requirement, is_true, require};
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::Resource;

declare_rule! {
    /// ## What it checks
    /// `aws_db_instance` and `aws_rds_cluster` blocks whose `deletion_protection` is absent
    /// (the default is `false`:
    /// <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#deletion_protection>,
    /// <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#deletion_protection>)
    /// or `false`. An `aws_db_instance` of an Aurora engine (`aurora`, `aurora-mysql`,
    /// `aurora-postgresql`) is not checked: its deletion protection is the cluster's, and the
    /// instance-level setting does not apply (`DeletionProtection` in
    /// <https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html>);
    /// nor is one whose engine is not known before apply. A value unknown before apply is not
    /// reported.
    ///
    /// ## Why it matters
    /// With deletion protection on, RDS refuses to delete the database: a mistaken
    /// `terraform destroy`, a change that would replace it, a script or a compromised
    /// credential calling `DeleteDBInstance` fails until someone first turns the protection
    /// off in a separate change
    /// (<https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html>).
    /// Without it, one call deletes the database and, unless a final snapshot is taken, its
    /// automated backups with it.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_db_instance" "orders" {
    ///   engine         = "postgres"
    ///   instance_class = "db.t4g.micro"
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_db_instance" "orders" {
    ///   engine              = "postgres"
    ///   instance_class      = "db.t4g.micro"
    ///   deletion_protection = true
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `deletion_protection = true` where the value is set (the block, a variable
    /// default, a `.tfvars` entry or the calling module's argument), or inserts it when
    /// absent. The change applies in place, without downtime.
    ///
    /// ## Fix safety
    /// `review`: the database keeps running unchanged, but deleting it becomes a two-step
    /// change. `terraform destroy`, and any later plan that replaces the database (a new
    /// `identifier`, `engine`, or another argument that forces replacement), fails until
    /// `deletion_protection = false` has been applied first. Environments that are created and
    /// destroyed by pipelines (previews, tests) break until their teardown does that first.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html>
    /// - <https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DeleteCluster.html>
    /// - <https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-8>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-7>
    /// - Security Hub FSBP `RDS.8` (instances), `RDS.7` (clusters); Checkov `CKV_AWS_293`
    ///   (instances), `CKV_AWS_139` (clusters); Trivy `AVD-AWS-0177`
    ///   (`aws-rds-enable-deletion-protection`, instances), `AVD-AWS-0343`
    ///   (`aws-rds-enable-cluster-deletion-protection`, clusters); Prowler
    ///   `rds_instance_deletion_protection`, `rds_cluster_deletion_protection`
    /// - Differences kept on purpose: Checkov `CKV_AWS_293` and Trivy `AVD-AWS-0177` also
    ///   fail an `aws_db_instance` of an Aurora engine, whose instance-level setting does not
    ///   apply (see above).
    pub struct DeletionProtectionEnabled {
        id: "aws-rds-deletion-protection-enabled",
        title: "RDS DB instances and clusters have deletion protection enabled",
        severity: Severity::Medium,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_db_instance", "aws_rds_cluster"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html",
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DeleteCluster.html",
            "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-8",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-7",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_293", "CKV_AWS_139"],
            trivy: &[
                "AVD-AWS-0177",
                "AWS-0177",
                "aws-rds-enable-deletion-protection",
                "AVD-AWS-0343",
                "AWS-0343",
                "aws-rds-enable-cluster-deletion-protection",
            ],
            kics: &[],
            prowler: &["rds_instance_deletion_protection", "rds_cluster_deletion_protection"],
            security_hub: &["RDS.8", "RDS.7"],
            terrascan: &[],
        },
        check: deletion_protection_enabled,
    }
}

const NOTE: &str = "Deleting the database becomes a two-step change: `terraform destroy`, or a plan that replaces it, fails until `deletion_protection = false` is applied first.";

/// `aws-rds-deletion-protection-enabled`
fn deletion_protection_enabled(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    let what = if resource.resource_type() == "aws_rds_cluster" {
        "DB cluster"
    } else {
        if Engine::of(block).is_aurora() != Some(false) {
            return;
        }
        "DB instance"
    };
    let absent_message = format!("{what} can be deleted (`deletion_protection` defaults to false)");
    let wrong_message = format!("{what} can be deleted (`deletion_protection = false`)");
    require(
        cx,
        resource,
        block,
        &Requirement {
            attribute: "deletion_protection",
            accepts: is_true,
            default_ok: false,
            fix_value: "true",
            absent_message: &absent_message,
            wrong_message: &wrong_message,
            applicability: Applicability::Review,
            title: "Turn on deletion protection",
            note: NOTE,
            replaces: false,
        },
    );
}
