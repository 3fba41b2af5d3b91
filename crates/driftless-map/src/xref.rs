//! Cross-references: other scanners' rule ids to driftless rules (from each rule's
//! [`driftless_diagnostics::CrossRefs`]), and resource type names across Security Hub ASFF
//! (`AwsEc2Instance`), CloudFormation and OCSF (`AWS::EC2::Instance`) and Terraform
//! (`aws_instance`).

use driftless_rules::Rule;
use std::collections::HashMap;

/// External rule id -> the driftless rules that check the same requirement.
#[derive(Default)]
pub struct RuleIndex {
    by_id: HashMap<String, Vec<&'static dyn Rule>>,
}

impl std::fmt::Debug for RuleIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleIndex")
            .field("ids", &self.by_id.len())
            .finish()
    }
}

/// Normalises an external rule id for look-up: case and `_`/`-` differences are ignored
/// (`CKV_AWS_79`, `ckv-aws-79`), as are Prowler's `prowler-` prefix and surrounding space.
#[must_use]
pub fn normalize_rule_id(id: &str) -> String {
    let id = id.trim();
    let id = id.strip_prefix("prowler-").unwrap_or(id);
    id.to_ascii_lowercase().replace('_', "-")
}

impl RuleIndex {
    /// Indexes the cross-reference ids of `rules`.
    #[must_use]
    pub fn new(rules: &[&'static dyn Rule]) -> Self {
        let mut by_id: HashMap<String, Vec<&'static dyn Rule>> = HashMap::new();
        for &rule in rules {
            let meta = rule.meta();
            let ids = meta
                .cross_refs
                .iter()
                .map(|(_, id)| id)
                .chain([meta.id.as_str()])
                .chain(meta.aliases.iter().copied());
            for id in ids {
                let list = by_id.entry(normalize_rule_id(id)).or_default();
                if !list.iter().any(|r| r.meta().id == meta.id) {
                    list.push(rule);
                }
            }
        }
        Self { by_id }
    }

    /// The rules that cover external rule `id`, best first for `resource_type` (a Terraform
    /// type) when given: rules that read that type come first.
    #[must_use]
    pub fn rules_for(&self, id: &str, resource_type: Option<&str>) -> Vec<&'static dyn Rule> {
        let mut rules = self
            .by_id
            .get(&normalize_rule_id(id))
            .cloned()
            .unwrap_or_default();
        if let Some(ty) = resource_type {
            rules.retain(|r| r.meta().resource_types.contains(&ty));
        }
        rules
    }
}

/// ASFF resource type, CloudFormation/OCSF type, Terraform type: the resources the catalog
/// reads. Sources: the ASFF resource details list
/// (<https://docs.aws.amazon.com/securityhub/latest/userguide/asff-resources.html>) and the
/// CloudFormation resource type reference
/// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html>).
pub const RESOURCE_TYPES: &[(&str, &str, &str)] = &[
    (
        "AwsCloudTrailTrail",
        "AWS::CloudTrail::Trail",
        "aws_cloudtrail",
    ),
    (
        "AwsDynamoDbTable",
        "AWS::DynamoDB::Table",
        "aws_dynamodb_table",
    ),
    ("AwsEc2Instance", "AWS::EC2::Instance", "aws_instance"),
    (
        "AwsEc2LaunchTemplate",
        "AWS::EC2::LaunchTemplate",
        "aws_launch_template",
    ),
    (
        "AwsEc2SecurityGroup",
        "AWS::EC2::SecurityGroup",
        "aws_security_group",
    ),
    ("AwsEc2Subnet", "AWS::EC2::Subnet", "aws_subnet"),
    ("AwsEc2Volume", "AWS::EC2::Volume", "aws_ebs_volume"),
    ("AwsEc2Vpc", "AWS::EC2::VPC", "aws_vpc"),
    (
        "AwsEcrRepository",
        "AWS::ECR::Repository",
        "aws_ecr_repository",
    ),
    (
        "AwsEfsFileSystem",
        "AWS::EFS::FileSystem",
        "aws_efs_file_system",
    ),
    ("AwsEksCluster", "AWS::EKS::Cluster", "aws_eks_cluster"),
    (
        "AwsElasticsearchDomain",
        "AWS::Elasticsearch::Domain",
        "aws_elasticsearch_domain",
    ),
    (
        "AwsElbv2LoadBalancer",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "aws_lb",
    ),
    ("AwsIamPolicy", "AWS::IAM::ManagedPolicy", "aws_iam_policy"),
    ("AwsIamRole", "AWS::IAM::Role", "aws_iam_role"),
    ("AwsIamUser", "AWS::IAM::User", "aws_iam_user"),
    ("AwsKmsKey", "AWS::KMS::Key", "aws_kms_key"),
    (
        "AwsLambdaFunction",
        "AWS::Lambda::Function",
        "aws_lambda_function",
    ),
    (
        "AwsOpenSearchServiceDomain",
        "AWS::OpenSearchService::Domain",
        "aws_opensearch_domain",
    ),
    ("AwsRdsDbCluster", "AWS::RDS::DBCluster", "aws_rds_cluster"),
    (
        "AwsRdsDbInstance",
        "AWS::RDS::DBInstance",
        "aws_db_instance",
    ),
    (
        "AwsRedshiftCluster",
        "AWS::Redshift::Cluster",
        "aws_redshift_cluster",
    ),
    ("AwsS3Bucket", "AWS::S3::Bucket", "aws_s3_bucket"),
    ("AwsSnsTopic", "AWS::SNS::Topic", "aws_sns_topic"),
    ("AwsSqsQueue", "AWS::SQS::Queue", "aws_sqs_queue"),
];

/// The Terraform type of a scanner's resource type name (`AwsEc2Instance`,
/// `AWS::EC2::Instance`, or already `aws_instance`); `None` for `Other` and unknown names.
#[must_use]
pub fn terraform_type(name: &str) -> Option<&'static str> {
    RESOURCE_TYPES
        .iter()
        .find(|(asff, cfn, tf)| name == *asff || name.eq_ignore_ascii_case(cfn) || name == *tf)
        .map(|(_, _, tf)| *tf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_ids_reach_their_rules() {
        let index = RuleIndex::new(driftless_rules::all_rules());
        let id = |x: &str| {
            index
                .rules_for(x, None)
                .iter()
                .map(|r| r.meta().id.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(id("EC2.8"), ["aws-ec2-imdsv2-required"]);
        assert_eq!(
            id("ec2_instance_imdsv2_enabled"),
            ["aws-ec2-imdsv2-required"]
        );
        assert_eq!(
            id("prowler-ec2_instance_imdsv2_enabled"),
            ["aws-ec2-imdsv2-required"]
        );
        assert_eq!(id("ckv_aws_79"), ["aws-ec2-imdsv2-required"]);
        assert_eq!(id("AVD-AWS-0028"), ["aws-ec2-imdsv2-required"]);
        assert!(id("CIS 3.1").is_empty());
        assert_eq!(terraform_type("AwsEc2Instance"), Some("aws_instance"));
        assert_eq!(terraform_type("AWS::S3::Bucket"), Some("aws_s3_bucket"));
        assert_eq!(terraform_type("Other"), None);
    }
}
