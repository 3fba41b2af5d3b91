//! The campaign and repository that the end-to-end tests of the workflow and of the web
//! server seed their store with.

use crate::model::{NewCampaign, NewRepository, RuleSelector};
use driftless_diagnostics::Severity;

/// `baseline`: KMS key rotation, SQS encryption and IMDSv2 on every `infra*` repository,
/// high findings due in 14 days, `sec` the default assignee, self-suppressed violations
/// counted. A test that needs another setting says so with `..baseline_campaign()`.
#[must_use]
pub fn baseline_campaign() -> NewCampaign {
    NewCampaign {
        name: "baseline".into(),
        description: "KMS, SQS and IMDSv2 baseline".into(),
        rules: RuleSelector {
            select: vec![
                "aws-kms-key-rotation-required".into(),
                "aws-sqs-encryption-required".into(),
                "aws-ec2-imdsv2-required".into(),
            ],
            ..RuleSelector::default()
        },
        repositories: vec!["infra*".into()],
        due_days: [(Severity::High, 14)].into(),
        default_assignee: Some("sec".into()),
        count_suppressed: true,
    }
}

/// Repository `name` at `url` (a local path), on the remote's default branch, with no forge:
/// driftless pushes branches and opens no pull request.
#[must_use]
pub fn push_only_repository(name: &str, url: &str) -> NewRepository {
    NewRepository {
        name: name.into(),
        url: url.into(),
        default_branch: None,
        forge: "push-only".into(),
        api_url: None,
        slug: None,
    }
}
