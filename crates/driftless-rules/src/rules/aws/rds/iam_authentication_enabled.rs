//! `aws-rds-iam-authentication-enabled`: RDS databases accept IAM authentication tokens.

use super::engines::Engine;
use crate::checker::Checker;
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::common::{Requirement, is_true, require};
use driftless_diagnostics::{Applicability, CrossRefs, Severity};
use driftless_hcl::{BlockView, Resource};

declare_rule! {
    /// ## What it checks
    /// `aws_rds_cluster` blocks, and `aws_db_instance` blocks whose engine is `mysql`,
    /// `postgres`, or `mariadb` at version 10.11 or later, whose
    /// `iam_database_authentication_enabled` is absent (the default is `false`) or `false`.
    /// IAM database authentication works with MariaDB, MySQL and PostgreSQL DB instances
    /// (<https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html>;
    /// for RDS for MariaDB from 10.11 only,
    /// <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.RDS_Fea_Regions_DB-eng.Feature.IamDatabaseAuthentication.html>)
    /// and with Aurora MySQL and Aurora PostgreSQL clusters
    /// (<https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuth.html>),
    /// so the other engines are not checked: Oracle, SQL Server and Db2 instances do not
    /// support it, and for an `aws_db_instance` of an Aurora engine the setting is the
    /// cluster's (`EnableIAMDatabaseAuthentication` in
    /// <https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html>).
    /// An instance whose engine is absent (a read replica inherits it) or not known before
    /// apply, a MariaDB instance whose `engine_version` is absent or not known, and a value
    /// not known before apply, are not reported.
    ///
    /// ## Why it matters
    /// With IAM database authentication, applications connect with a token that IAM issues for
    /// 15 minutes to a role allowed `rds-db:connect`, instead of a long-lived password stored
    /// in their configuration: access is granted and revoked in IAM, logged in CloudTrail, and
    /// no password leaks with a configuration file. Password authentication keeps working for
    /// the users that still need it.
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
    ///   engine                              = "postgres"
    ///   instance_class                      = "db.t4g.micro"
    ///   iam_database_authentication_enabled = true
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `iam_database_authentication_enabled = true` where the value is set (the block, a
    /// variable default, a `.tfvars` entry or the calling module's argument), or inserts it
    /// when absent. The fix is `safe`: the database is modified in place, existing users keep
    /// signing in with their passwords, and nothing uses IAM authentication until a database
    /// user is created for it (`rds_iam` role in PostgreSQL, `AWSAuthenticationPlugin` in
    /// MySQL and MariaDB) and a principal is allowed `rds-db:connect`.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html>
    /// - <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.RDS_Fea_Regions_DB-eng.Feature.IamDatabaseAuthentication.html>
    /// - <https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuth.html>
    /// - <https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-10>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-12>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#iam_database_authentication_enabled>
    /// - Security Hub FSBP `RDS.10` (instances), `RDS.12` (clusters); Checkov `CKV_AWS_161`
    ///   (instances; `mysql` and `postgres` only), `CKV_AWS_162` (clusters); Trivy
    ///   `AVD-AWS-0176` (`aws-rds-enable-iam-auth`, `mysql` and `postgres` instances); KICS
    ///   `88fd05e0-ac0e-43d2-ba6d-fc0ba60ae1a6` (IAM database auth not enabled; it also reads
    ///   calls of the registry module `terraform-aws-modules/rds/aws`, whose instance this
    ///   rule sees only once the module is downloaded into `.terraform/modules`); Prowler
    ///   `rds_instance_iam_authentication_enabled`, `rds_cluster_iam_authentication_enabled`
    /// - Terrascan `AC_AWS_0053` (`AWS.RDS.DataSecurity.High.0577`)
    pub struct IamAuthenticationEnabled {
        id: "aws-rds-iam-authentication-enabled",
        title: "RDS databases have IAM database authentication enabled",
        severity: Severity::Medium,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_db_instance", "aws_rds_cluster"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html",
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.RDS_Fea_Regions_DB-eng.Feature.IamDatabaseAuthentication.html",
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuth.html",
            "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-10",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-12",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#iam_database_authentication_enabled",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_161", "CKV_AWS_162"],
            trivy: &["AVD-AWS-0176", "AWS-0176", "aws-rds-enable-iam-auth"],
            kics: &["88fd05e0-ac0e-43d2-ba6d-fc0ba60ae1a6"],
            prowler: &[
                "rds_instance_iam_authentication_enabled",
                "rds_cluster_iam_authentication_enabled",
            ],
            security_hub: &["RDS.10", "RDS.12"],
            terrascan: &["AC_AWS_0053", "AWS.RDS.DataSecurity.High.0577"],
        },
        check: iam_authentication_enabled,
    }
}

/// Whether an `aws_db_instance` of engine `engine` supports IAM database authentication:
/// MySQL and PostgreSQL in every version RDS offers, MariaDB from 10.11.
fn supports_iam_auth(engine: &str, block: &BlockView) -> bool {
    match engine {
        "mysql" | "postgres" => true,
        "mariadb" => block
            .value("engine_version")
            .and_then(|v| v.as_str().map(std::borrow::Cow::into_owned))
            .is_some_and(|version| mariadb_at_least_10_11(&version)),
        _ => false,
    }
}

/// Whether a MariaDB version string (`"10.11"`, `"10.6.14"`, `"11.4"`) is 10.11 or later.
fn mariadb_at_least_10_11(version: &str) -> bool {
    let mut parts = version.split('.').map(str::parse::<u32>);
    match (parts.next(), parts.next()) {
        (Some(Ok(major)), Some(Ok(minor))) => (major, minor) >= (10, 11),
        (Some(Ok(major)), None) => major >= 11,
        _ => false,
    }
}

const NOTE: &str = "Password authentication keeps working; IAM tokens are accepted once a database user is created for them and a principal is allowed `rds-db:connect`.";

/// `aws-rds-iam-authentication-enabled`
fn iam_authentication_enabled(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    let what = if resource.resource_type() == "aws_rds_cluster" {
        "DB cluster"
    } else {
        match Engine::of(block) {
            Engine::Known(name) if supports_iam_auth(&name, block) => {}
            _ => return,
        }
        "DB instance"
    };
    let absent_message = format!(
        "{what} does not accept IAM authentication (`iam_database_authentication_enabled` defaults to false)"
    );
    let wrong_message = format!(
        "{what} does not accept IAM authentication (`iam_database_authentication_enabled = false`)"
    );
    require(
        cx,
        resource,
        block,
        &Requirement {
            attribute: "iam_database_authentication_enabled",
            accepts: is_true,
            default_ok: false,
            fix_value: "true",
            absent_message: &absent_message,
            wrong_message: &wrong_message,
            applicability: Applicability::Safe,
            title: "Turn on IAM database authentication",
            note: NOTE,
            replaces: false,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::mariadb_at_least_10_11;

    #[test]
    fn mariadb_versions() {
        assert!(mariadb_at_least_10_11("10.11"));
        assert!(mariadb_at_least_10_11("10.11.8"));
        assert!(mariadb_at_least_10_11("11.4"));
        assert!(mariadb_at_least_10_11("11"));
        assert!(!mariadb_at_least_10_11("10.6.14"));
        assert!(!mariadb_at_least_10_11("10.2.43"));
        assert!(!mariadb_at_least_10_11("10"));
        assert!(!mariadb_at_least_10_11("latest"));
    }
}
