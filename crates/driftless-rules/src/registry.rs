//! The single table of built-in rules, and rule selection (`--select`, `--ignore`,
//! `--severity`).

use crate::meta::{RuleMeta, RuleStatus};
use crate::rule::Rule;
use crate::rules::aws;
use driftless_diagnostics::{Applicability, Severity};
use std::collections::BTreeMap;

/// Every built-in rule, one line each, sorted by id.
static RULES: &[&dyn Rule] = &[
    &aws::cloudtrail::kms_encryption::KmsEncryption,
    &aws::cloudtrail::log_validation_required::LogValidationRequired,
    &aws::cloudtrail::multi_region::MultiRegion,
    &aws::cloudwatch::log_retention_set::LogRetentionSet,
    &aws::dynamodb::pitr_enabled::PitrEnabled,
    &aws::ec2::ebs_encryption_by_default::EbsEncryptionByDefault,
    &aws::ec2::ebs_encryption_required::EbsEncryptionRequired,
    &aws::ec2::imdsv2_required::Imdsv2Required,
    &aws::ec2::instance_no_public_ip::InstanceNoPublicIp,
    &aws::ec2::root_volume_encryption_required::RootVolumeEncryptionRequired,
    &aws::ecr::immutable_tags::ImmutableTags,
    &aws::ecr::scan_on_push_required::ScanOnPushRequired,
    &aws::efs::encryption_required::EncryptionRequired,
    &aws::eks::public_endpoint_disabled::PublicEndpointDisabled,
    &aws::eks::secrets_encryption_required::SecretsEncryptionRequired,
    &aws::elasticache::encryption_at_rest::EncryptionAtRest,
    &aws::elasticache::encryption_in_transit::EncryptionInTransit,
    &aws::elb::drop_invalid_headers::DropInvalidHeaders,
    &aws::elb::https_listener::HttpsListener,
    &aws::iam::password_policy_strong::PasswordPolicyStrong,
    &aws::iam::policy_admin_wildcard::PolicyAdminWildcard,
    &aws::kms::key_rotation_required::KeyRotationRequired,
    &aws::lambda::permission_restricted_principal::PermissionRestrictedPrincipal,
    &aws::opensearch::encryption_at_rest::EncryptionAtRest,
    &aws::opensearch::node_to_node_encryption::NodeToNodeEncryption,
    &aws::rds::backup_retention_sufficient::BackupRetentionSufficient,
    &aws::rds::deletion_protection_enabled::DeletionProtectionEnabled,
    &aws::rds::iam_authentication_enabled::IamAuthenticationEnabled,
    &aws::rds::public_access_disabled::PublicAccessDisabled,
    &aws::rds::storage_encryption_required::StorageEncryptionRequired,
    &aws::redshift::encryption_required::EncryptionRequired,
    &aws::s3::access_logging_enabled::AccessLoggingEnabled,
    &aws::s3::encryption_required::EncryptionRequired,
    &aws::s3::no_public_acl::NoPublicAcl,
    &aws::s3::public_access_block_required::PublicAccessBlockRequired,
    &aws::s3::tls_only::TlsOnly,
    &aws::s3::versioning_required::VersioningRequired,
    &aws::sns::encryption_required::EncryptionRequired,
    &aws::sqs::encryption_required::EncryptionRequired,
    &aws::vpc::default_sg_restricts_all::DefaultSgRestrictsAll,
    &aws::vpc::flow_logs_enabled::FlowLogsEnabled,
    &aws::vpc::sg_all_ports_open_to_world::SgAllPortsOpenToWorld,
    &aws::vpc::sg_rdp_open_to_world::SgRdpOpenToWorld,
    &aws::vpc::sg_ssh_open_to_world::SgSshOpenToWorld,
    &aws::vpc::subnet_no_public_ip_on_launch::SubnetNoPublicIpOnLaunch,
];

/// Every built-in rule.
#[must_use]
pub fn all_rules() -> &'static [&'static dyn Rule] {
    RULES
}

/// The rule with id or alias `id`.
#[must_use]
pub fn find_rule(id: &str) -> Option<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.meta().id.as_str() == id || r.meta().aliases.contains(&id))
}

/// Which rules run and how their findings are graded: `select` and `ignore` hold rule ids or
/// id prefixes (`aws-s3` selects every S3 rule, `ALL` every rule); `min_severity` drops
/// findings below it (after overrides); the overrides come from `driftless.toml`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Ids or prefixes to run; empty means every non-deprecated rule.
    pub select: Vec<String>,
    /// Ids or prefixes not to run.
    pub ignore: Vec<String>,
    /// Lowest severity to report.
    pub min_severity: Option<Severity>,
    /// Severity per rule id, replacing the rule's default.
    pub severity_overrides: BTreeMap<String, Severity>,
    /// Fix applicability per rule id, replacing the rule's (a team may promote a `review` fix
    /// to `safe`, or demote one to `manual`).
    pub applicability_overrides: BTreeMap<String, Applicability>,
}

fn matches(pattern: &str, meta: &RuleMeta) -> bool {
    let id = meta.id.as_str();
    pattern == "ALL"
        || id == pattern
        || meta.aliases.contains(&pattern)
        || id
            .strip_prefix(pattern)
            .is_some_and(|rest| rest.starts_with('-'))
}

impl Selection {
    /// Whether `meta` runs under this selection.
    #[must_use]
    pub fn includes(&self, meta: &RuleMeta) -> bool {
        let selected = if self.select.is_empty() {
            !matches!(meta.status, RuleStatus::Deprecated { .. })
        } else {
            self.select.iter().any(|p| matches(p, meta))
        };
        selected && !self.ignore.iter().any(|p| matches(p, meta))
    }

    /// The rules that run.
    #[must_use]
    pub fn rules(&self) -> Vec<&'static dyn Rule> {
        RULES
            .iter()
            .copied()
            .filter(|r| self.includes(r.meta()))
            .collect()
    }

    /// The severity findings of `meta` get.
    #[must_use]
    pub fn severity_of(&self, meta: &RuleMeta) -> Severity {
        self.severity_overrides
            .get(meta.id.as_str())
            .copied()
            .unwrap_or(meta.severity)
    }

    /// Patterns of `select` and `ignore` that match no rule (a typo the user should hear of).
    #[must_use]
    pub fn unknown_patterns(&self) -> Vec<String> {
        self.select
            .iter()
            .chain(&self.ignore)
            .chain(self.severity_overrides.keys())
            .chain(self.applicability_overrides.keys())
            .filter(|p| !RULES.iter().any(|r| matches(p, r.meta())))
            .cloned()
            .collect()
    }
}
