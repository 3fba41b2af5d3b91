//! `aws-rds-backup-retention-sufficient`: RDS databases keep automated backups for at least 7 days.

use super::engines::Engine;
use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, IssueKind, Severity};
use driftless_hcl::edit::set_attribute;
use driftless_hcl::{BlockView, Resource};

declare_rule! {
    /// ## What it checks
    /// `aws_db_instance` and `aws_rds_cluster` blocks that keep automated backups for fewer
    /// than 7 days: `backup_retention_period` is below 7 (`0` turns automated backups off), or
    /// absent, which gives 1 day (the API default for a new DB instance,
    /// <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.BackupRetention.html>;
    /// the provider default for a cluster,
    /// <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#backup_retention_period>).
    /// 7 days is the minimum Security Hub control RDS.11 requires by default.
    ///
    /// Not checked: an `aws_db_instance` that is a read replica (`replicate_source_db`), whose
    /// data the source's backups hold, and which RDS.11 leaves out; an `aws_db_instance` of an
    /// Aurora engine, whose backups are the cluster's (`BackupRetentionPeriod` in
    /// <https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html>),
    /// or whose engine is not known before apply. A database restored from a snapshot or to a
    /// point in time without `backup_retention_period` inherits the source's period, which is
    /// not known, so it is not reported either; nor is a value not known before apply.
    ///
    /// ## Why it matters
    /// Automated backups are what a database is restored from after an accidental `DELETE`, a
    /// faulty migration, corruption or ransomware, to any second within the retention period.
    /// Such damage is often noticed days later: with 1 day of retention, every restore point
    /// left may already hold the damage, and with 0 there is none at all.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_db_instance" "orders" {
    ///   engine                  = "postgres"
    ///   instance_class          = "db.t4g.micro"
    ///   backup_retention_period = 1
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_db_instance" "orders" {
    ///   engine                  = "postgres"
    ///   instance_class          = "db.t4g.micro"
    ///   backup_retention_period = 7
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `backup_retention_period = 7` where the value is set (the block, a variable
    /// default, a `.tfvars` entry or the calling module's argument), or inserts it when absent.
    /// Raising a period that is already at least 1 is `safe`: RDS applies it in place, as soon
    /// as possible and without downtime; the only effect is that backups of the extra days are
    /// kept, and backup storage beyond the free allowance is billed
    /// (<https://aws.amazon.com/rds/pricing/>).
    ///
    /// ## Fix safety
    /// `review` when a DB instance's period is `0`: turning automated backups on causes an
    /// outage of the instance, a brief I/O suspension of seconds to minutes, at the next
    /// maintenance window or at once with `apply_immediately`
    /// (<https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.BackupRetention.html>).
    /// Plan it for a quiet period.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.BackupRetention.html>
    /// - <https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-11>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#backup_retention_period>
    /// - <https://aws.amazon.com/rds/pricing/>
    /// - Security Hub FSBP `RDS.11`; Checkov `CKV_AWS_133` (fails a period of `0`; it accepts
    ///   an absent one); Trivy `AVD-AWS-0077` (`aws-rds-specify-backup-retention`, fails a
    ///   period below 2); Prowler `rds_instance_backup_enabled`
    /// - Differences kept on purpose: Checkov and Trivy also fail read replicas and
    ///   `aws_db_instance` blocks of an Aurora engine with a low or absent period, which this
    ///   rule leaves out (see above).
    /// - Terrascan `AC_AWS_0052`, `AC_AWS_0495` (`AWS.RDS.RE.MEDIUM.0013`)
    pub struct BackupRetentionSufficient {
        id: "aws-rds-backup-retention-sufficient",
        title: "RDS databases keep automated backups for at least 7 days",
        severity: Severity::Medium,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_db_instance", "aws_rds_cluster"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.BackupRetention.html",
            "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-11",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#backup_retention_period",
            "https://aws.amazon.com/rds/pricing/",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_133"],
            trivy: &["AVD-AWS-0077", "AWS-0077", "aws-rds-specify-backup-retention", "AWS091"],
            kics: &[],
            prowler: &["rds_instance_backup_enabled"],
            security_hub: &["RDS.11"],
            terrascan: &["AC_AWS_0052", "AC_AWS_0495", "AWS.RDS.RE.MEDIUM.0013"],
        },
        check: backup_retention_sufficient,
    }
}

/// The minimum retention, in days (Security Hub RDS.11's default).
const MINIMUM_DAYS: f64 = 7.0;

const ATTRIBUTE: &str = "backup_retention_period";

const TITLE: &str = "Keep automated backups for 7 days";
const NOTE: &str =
    "Applied in place without downtime; backup storage beyond the free allowance is billed.";
const NOTE_FROM_ZERO: &str = "Turning automated backups on causes a brief outage of the DB instance (an I/O suspension of seconds to minutes) when applied: plan it for a quiet period.";

/// Whether any of `attributes` is set to something other than `null`, or any of `blocks` is
/// present: the database is restored from a source and inherits its retention.
fn restored(block: &BlockView, attributes: &[&str], blocks: &[&str]) -> bool {
    attributes
        .iter()
        .any(|a| block.value(a).is_some_and(|v| !v.is_null()))
        || blocks.iter().any(|b| block.block(b).is_some())
}

/// `aws-rds-backup-retention-sufficient`
fn backup_retention_sufficient(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    let cluster = resource.resource_type() == "aws_rds_cluster";
    let what = if cluster { "DB cluster" } else { "DB instance" };
    if !cluster {
        let replica = block
            .value("replicate_source_db")
            .is_some_and(|v| !v.is_null());
        if replica || Engine::of(block).is_aurora() != Some(false) {
            return;
        }
    }
    let inherits = restored(
        block,
        &["snapshot_identifier"],
        &["restore_to_point_in_time"],
    );
    let (finding, from_zero) = match block.attribute(ATTRIBUTE) {
        None if inherits => return,
        None => (
            cx.report(
                resource,
                IssueKind::MissingAttribute,
                &block.header,
                format!("{what} keeps automated backups for 1 day (`{ATTRIBUTE}` defaults to 1)"),
            ),
            false,
        ),
        Some(attr) if attr.value.is_null() => {
            if inherits {
                return;
            }
            (
                cx.report(
                    resource,
                    IssueKind::IncorrectValue,
                    &attr.value_location,
                    format!(
                        "{what} keeps automated backups for 1 day (`{ATTRIBUTE} = null` gives the default, 1)"
                    ),
                ),
                false,
            )
        }
        Some(attr) => {
            let Some(days) = attr.value.as_number() else {
                return;
            };
            if days >= MINIMUM_DAYS {
                return;
            }
            let message = if days <= 0.0 {
                format!("{what} has automated backups turned off (`{ATTRIBUTE} = 0`)")
            } else {
                format!(
                    "{what} keeps automated backups for fewer than 7 days (`{ATTRIBUTE} = {}`)",
                    attr.value.to_hcl()
                )
            };
            (
                cx.report(
                    resource,
                    IssueKind::IncorrectValue,
                    &attr.value_location,
                    message,
                ),
                !cluster && days <= 0.0,
            )
        }
    };
    let planned = set_attribute(block, ATTRIBUTE, "7");
    attach_fix(
        finding,
        planned,
        &format!("Set `{ATTRIBUTE} = 7`."),
        |fix| {
            let fix = fix.with_title(TITLE);
            if from_zero {
                fix.with_applicability(Applicability::Review)
                    .with_note(NOTE_FROM_ZERO)
            } else {
                fix.with_applicability(Applicability::Safe).with_note(NOTE)
            }
        },
    );
}
