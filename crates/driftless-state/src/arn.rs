//! ARNs for resources whose state has no `arn` attribute.
//!
//! Cloud scanners name resources by ARN (Security Hub ASFF `Resources[].Id`, Prowler OCSF
//! `resources[].uid`), but some states lack one: older AWS provider versions have no `arn` on
//! `aws_security_group`, `aws_instance`, `aws_vpc`, `aws_subnet` or `aws_ebs_volume`, a plan
//! knows no ARN for an object still to be created, and the S3 split-out resources
//! (`aws_s3_bucket_versioning`...) never have one. Their ARN formats are documented in the
//! Service Authorization Reference:
//!
//! - S3: `arn:${Partition}:s3:::${BucketName}`
//!   (<https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html>)
//! - EC2: `arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}`, `security-group/`,
//!   `subnet/`, `vpc/`, `volume/`
//!   (<https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html>)
//! - KMS: `arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}`
//!   (<https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html>)
//! - RDS: `arn:${Partition}:rds:${Region}:${Account}:db:${DbInstanceName}`
//!   (<https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html>)

use crate::model::{ResourceInstance, State};
use std::collections::BTreeSet;

/// The AWS provider's resources that configure one S3 bucket, split out of `aws_s3_bucket` in
/// provider version 4 (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-4-upgrade>).
/// Each has a `bucket` attribute and is indexed under the bucket's ARN, after the bucket itself.
pub const S3_BUCKET_COMPANIONS: &[&str] = &[
    "aws_s3_bucket_accelerate_configuration",
    "aws_s3_bucket_acl",
    "aws_s3_bucket_analytics_configuration",
    "aws_s3_bucket_cors_configuration",
    "aws_s3_bucket_intelligent_tiering_configuration",
    "aws_s3_bucket_inventory",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_logging",
    "aws_s3_bucket_metric",
    "aws_s3_bucket_notification",
    "aws_s3_bucket_object_lock_configuration",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_replication_configuration",
    "aws_s3_bucket_request_payment_configuration",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_website_configuration",
];

/// The parts of an ARN, `arn:partition:service:region:account-id:resource`
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html>).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arn<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`.
    pub partition: &'a str,
    /// `s3`, `ec2`, `iam`.
    pub service: &'a str,
    /// `us-east-1`; empty for global services (S3 buckets, IAM).
    pub region: &'a str,
    /// 12-digit account id; empty for S3 buckets.
    pub account: &'a str,
    /// Everything after the fifth `:`, `instance/i-0abc` or `role/path/name`.
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Splits `text` into its parts; `None` when it does not start with `arn:` or has fewer
    /// than six `:`-separated parts.
    ///
    /// # Example
    /// ```
    /// let arn = driftless_state::Arn::parse("arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc").unwrap();
    /// assert_eq!((arn.region, arn.resource), ("eu-west-1", "instance/i-0abc"));
    /// assert_eq!(arn.resource_id(), "i-0abc");
    /// ```
    #[must_use]
    pub fn parse(text: &'a str) -> Option<Self> {
        let mut parts = text.splitn(6, ':');
        if parts.next()? != "arn" {
            return None;
        }
        Some(Self {
            partition: parts.next()?,
            service: parts.next()?,
            region: parts.next()?,
            account: parts.next()?,
            resource: parts.next()?,
        })
    }

    /// The resource part after its last `/` or `:` (the whole part when it has neither):
    /// `i-0abc` for `instance/i-0abc`, `my-bucket` for an S3 bucket, `fn` for
    /// `function:fn`. Often the provider's `id` of the resource.
    #[must_use]
    pub fn resource_id(&self) -> &'a str {
        let resource = self.resource.trim_end_matches('/');
        resource
            .rsplit(['/', ':'])
            .next()
            .filter(|s| !s.is_empty())
            .unwrap_or(resource)
    }
}

/// What one state's own ARNs say about where its resources live, to fill in ARNs that a
/// resource's state lacks.
///
/// A value is known only when every ARN in the state that has one agrees: a state whose ARNs
/// name two regions (providers with aliases) leaves the region unknown, and ARNs that need it
/// are then derived only from the resource's own `region` or `availability_zone`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArnContext {
    /// The one partition of the state's ARNs, or `None` (then `aws` is assumed).
    pub partition: Option<String>,
    /// The one non-empty region of the state's ARNs.
    pub region: Option<String>,
    /// The one non-empty account id of the state's ARNs.
    pub account: Option<String>,
}

impl ArnContext {
    /// Collects the partition, region and account of every `arn` attribute (and every `id`
    /// that is an ARN) in `state`.
    #[must_use]
    pub fn from_state(state: &State) -> Self {
        Self::from_instances(&state.instances)
    }

    /// As [`ArnContext::from_state`], over any instances.
    #[must_use]
    pub fn from_instances(instances: &[ResourceInstance]) -> Self {
        let mut partitions = BTreeSet::new();
        let mut regions = BTreeSet::new();
        let mut accounts = BTreeSet::new();
        for instance in instances {
            for text in [instance.arn(), instance.id()].into_iter().flatten() {
                if let Some(arn) = Arn::parse(text) {
                    partitions.insert(arn.partition);
                    if !arn.region.is_empty() {
                        regions.insert(arn.region);
                    }
                    if is_account_id(arn.account) {
                        accounts.insert(arn.account);
                    }
                }
            }
        }
        let only = |set: BTreeSet<&str>| {
            if set.len() == 1 {
                set.into_iter().next().map(str::to_owned)
            } else {
                None
            }
        };
        Self {
            partition: only(partitions),
            region: only(regions),
            account: only(accounts),
        }
    }
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The region of an availability zone name: `us-west-2` for `us-west-2a`, for the Local Zone
/// `us-west-2-lax-1a` and for `us-gov-west-1b`. `None` when no part starts with a digit.
#[must_use]
pub fn region_of_zone(zone: &str) -> Option<&str> {
    let mut end = 0;
    for part in zone.split('-') {
        let start = end;
        end = start + part.len() + 1;
        let digits = part.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            return (start > 0).then(|| &zone[..start + digits]);
        }
    }
    None
}

/// Whether a derived ARN belongs to the resource itself or to an S3 split-out resource of the
/// bucket it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DerivedKind {
    /// The ARN of this very resource (`aws_s3_bucket`, `aws_instance`...).
    Own,
    /// The ARN of the bucket an [`S3_BUCKET_COMPANIONS`] resource configures.
    Companion,
}

/// The ARN of `instance` built from its id or name, for the types listed in the module
/// documentation, whether or not its state also has an `arn` attribute. `None` for other types,
/// and when an id, name, region or account needed is unknown.
///
/// The region comes from the instance's `region` attribute, else its `availability_zone`, else
/// `context`; the account from its `owner_id`, else `context`; the partition from `context`,
/// else `aws`.
///
/// # Example
/// ```
/// use driftless_diagnostics::ResourceAddress;
/// use driftless_state::{ArnContext, DerivedKind, ResourceInstance, ValuesFrom, derived_arn};
/// let bucket = ResourceInstance {
///     address: "aws_s3_bucket.logs".parse().unwrap(),
///     deposed: None,
///     values_from: ValuesFrom::State,
///     attributes: [("bucket".to_owned(), "acme-logs".into())].into(),
/// };
/// assert_eq!(
///     derived_arn(&bucket, &ArnContext::default()),
///     Some(("arn:aws:s3:::acme-logs".to_owned(), DerivedKind::Own))
/// );
/// ```
#[must_use]
pub fn derived_arn(
    instance: &ResourceInstance,
    context: &ArnContext,
) -> Option<(String, DerivedKind)> {
    let partition = context.partition.as_deref().unwrap_or("aws");
    let resource_type = instance.resource_type();
    if resource_type == "aws_s3_bucket" {
        let bucket = instance.string("bucket").or_else(|| instance.id())?;
        return Some((format!("arn:{partition}:s3:::{bucket}"), DerivedKind::Own));
    }
    if S3_BUCKET_COMPANIONS.contains(&resource_type) {
        let bucket = instance.string("bucket")?;
        return Some((
            format!("arn:{partition}:s3:::{bucket}"),
            DerivedKind::Companion,
        ));
    }
    let (service, resource) = match resource_type {
        "aws_instance" => ("ec2", format!("instance/{}", instance.id()?)),
        "aws_security_group" => ("ec2", format!("security-group/{}", instance.id()?)),
        "aws_subnet" => ("ec2", format!("subnet/{}", instance.id()?)),
        "aws_vpc" => ("ec2", format!("vpc/{}", instance.id()?)),
        "aws_ebs_volume" => ("ec2", format!("volume/{}", instance.id()?)),
        "aws_kms_key" => ("kms", format!("key/{}", instance.id()?)),
        "aws_db_instance" => ("rds", format!("db:{}", instance.string("identifier")?)),
        _ => return None,
    };
    let region = instance
        .string("region")
        .or_else(|| {
            instance
                .string("availability_zone")
                .and_then(region_of_zone)
        })
        .or(context.region.as_deref())?;
    let account = instance
        .string("owner_id")
        .filter(|a| is_account_id(a))
        .or(context.account.as_deref())?;
    Some((
        format!("arn:{partition}:{service}:{region}:{account}:{resource}"),
        DerivedKind::Own,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ValuesFrom;
    use serde_json::json;

    fn instance(address: &str, attributes: serde_json::Value) -> ResourceInstance {
        ResourceInstance {
            address: address.parse().unwrap(),
            deposed: None,
            values_from: ValuesFrom::State,
            attributes: serde_json::from_value(attributes).unwrap(),
        }
    }

    #[test]
    fn zones_to_regions() {
        assert_eq!(region_of_zone("us-west-2a"), Some("us-west-2"));
        assert_eq!(region_of_zone("us-west-2-lax-1a"), Some("us-west-2"));
        assert_eq!(region_of_zone("us-gov-west-1b"), Some("us-gov-west-1"));
        assert_eq!(region_of_zone("eu-central-2c"), Some("eu-central-2"));
        assert_eq!(region_of_zone("2a"), None);
        assert_eq!(region_of_zone("nowhere"), None);
    }

    #[test]
    fn arn_parts() {
        let arn = Arn::parse("arn:aws:iam::123456789012:role/path/deploy").unwrap();
        assert_eq!(arn.region, "");
        assert_eq!(arn.resource_id(), "deploy");
        let arn = Arn::parse("arn:aws:lambda:us-east-1:123456789012:function:fn").unwrap();
        assert_eq!(arn.resource_id(), "fn");
        assert_eq!(
            Arn::parse("arn:aws:s3:::bucket/").unwrap().resource_id(),
            "bucket"
        );
        assert_eq!(Arn::parse("arn:aws:s3"), None);
        assert_eq!(Arn::parse("sg-123"), None);
    }

    #[test]
    fn context_is_known_only_when_unanimous() {
        let one = [
            instance(
                "aws_iam_role.r",
                json!({"arn": "arn:aws:iam::111122223333:role/r"}),
            ),
            instance(
                "aws_sqs_queue.q",
                json!({"id": "https://sqs", "arn": "arn:aws:sqs:eu-west-1:111122223333:q"}),
            ),
            instance("aws_s3_bucket.b", json!({"arn": "arn:aws:s3:::b"})),
        ];
        assert_eq!(
            ArnContext::from_instances(&one),
            ArnContext {
                partition: Some("aws".into()),
                region: Some("eu-west-1".into()),
                account: Some("111122223333".into()),
            }
        );
        let mut two = one.to_vec();
        two.push(instance(
            "aws_sqs_queue.p",
            json!({"arn": "arn:aws:sqs:us-east-1:111122223333:p"}),
        ));
        let cx = ArnContext::from_instances(&two);
        assert_eq!(cx.region, None);
        assert_eq!(cx.account.as_deref(), Some("111122223333"));
    }

    #[test]
    fn derivations() {
        let cx = ArnContext {
            partition: None,
            region: Some("eu-west-1".into()),
            account: Some("111122223333".into()),
        };
        let cases = [
            (
                "aws_s3_bucket.b",
                json!({"id": "acme"}),
                Some(("arn:aws:s3:::acme", DerivedKind::Own)),
            ),
            (
                "aws_s3_bucket_versioning.v",
                json!({"id": "acme", "bucket": "acme"}),
                Some(("arn:aws:s3:::acme", DerivedKind::Companion)),
            ),
            (
                "aws_instance.web[3]",
                json!({"id": "i-0abc", "availability_zone": "us-east-2b"}),
                Some((
                    "arn:aws:ec2:us-east-2:111122223333:instance/i-0abc",
                    DerivedKind::Own,
                )),
            ),
            (
                "aws_security_group.sg",
                json!({"id": "sg-1", "owner_id": "444455556666"}),
                Some((
                    "arn:aws:ec2:eu-west-1:444455556666:security-group/sg-1",
                    DerivedKind::Own,
                )),
            ),
            (
                "aws_subnet.a",
                json!({"id": "subnet-1", "region": "ap-south-1"}),
                Some((
                    "arn:aws:ec2:ap-south-1:111122223333:subnet/subnet-1",
                    DerivedKind::Own,
                )),
            ),
            (
                "aws_vpc.main",
                json!({"id": "vpc-1"}),
                Some((
                    "arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-1",
                    DerivedKind::Own,
                )),
            ),
            (
                "aws_ebs_volume.v",
                json!({"id": "vol-1"}),
                Some((
                    "arn:aws:ec2:eu-west-1:111122223333:volume/vol-1",
                    DerivedKind::Own,
                )),
            ),
            (
                "aws_kms_key.k",
                json!({"id": "1234abcd-12ab-34cd-56ef-1234567890ab"}),
                Some((
                    "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                    DerivedKind::Own,
                )),
            ),
            (
                "aws_db_instance.db",
                json!({"id": "db-ABCDEFG", "identifier": "orders"}),
                Some((
                    "arn:aws:rds:eu-west-1:111122223333:db:orders",
                    DerivedKind::Own,
                )),
            ),
            ("aws_iam_role.r", json!({"id": "deploy"}), None),
            ("aws_instance.planned", json!({}), None),
            ("aws_s3_bucket_policy.p", json!({"id": "acme"}), None),
        ];
        for (address, attributes, expected) in cases {
            let got = derived_arn(&instance(address, attributes), &cx);
            assert_eq!(got, expected.map(|(a, k)| (a.to_owned(), k)), "{address}");
        }
        let unknown = ArnContext::default();
        assert_eq!(
            derived_arn(&instance("aws_vpc.main", json!({"id": "vpc-1"})), &unknown),
            None
        );
        let cn = ArnContext {
            partition: Some("aws-cn".into()),
            ..ArnContext::default()
        };
        assert_eq!(
            derived_arn(&instance("aws_s3_bucket.b", json!({"bucket": "x"})), &cn),
            Some(("arn:aws-cn:s3:::x".to_owned(), DerivedKind::Own))
        );
    }
}
