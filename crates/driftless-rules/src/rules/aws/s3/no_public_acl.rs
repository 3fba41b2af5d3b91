//! `aws-s3-no-public-acl`: no S3 bucket ACL grants access to everyone or to every AWS account.

use super::companion::BUCKET;
use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, Edit, IssueKind, Severity, TextRange};
use driftless_hcl::edit::{EditPlan, set_attribute};
use driftless_hcl::{BlockView, Resource};

declare_rule! {
    /// ## What it checks
    /// S3 bucket ACLs that grant access to everyone or to every AWS account:
    /// - a canned `acl` of `"public-read"`, `"public-read-write"` or `"authenticated-read"`
    ///   (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl>),
    ///   or `"website"`, which Checkov and Trivy also treat as public, on an `aws_s3_bucket`
    ///   (AWS provider 3 and earlier) or on an `aws_s3_bucket_acl` (provider 4 and later);
    /// - a `grant` of an `aws_s3_bucket_acl`'s `access_control_policy`, or of an
    ///   `aws_s3_bucket` (provider 3 and earlier), whose grantee is the
    ///   `AllUsers` group (`http://acs.amazonaws.com/groups/global/AllUsers`, anyone, signed in
    ///   or not) or the `AuthenticatedUsers` group
    ///   (`http://acs.amazonaws.com/groups/global/AuthenticatedUsers`, anyone with an AWS
    ///   account).
    ///
    /// The finding points at the `acl` value, or at the grantee's `uri`. A value not known
    /// before apply is not reported. A public access block that ignores public ACLs makes the
    /// grant ineffective, but the ACL is reported all the same: it takes effect again as soon
    /// as the block is relaxed.
    ///
    /// ## Why it matters
    /// `public-read` lets anyone on the internet list the bucket, and `authenticated-read`
    /// lets anyone with an AWS account, which is anyone: data in the bucket is published.
    /// `public-read-write` also lets them upload, overwrite and delete objects, so the bucket
    /// can serve malware under the owner's name and fill with content the owner pays for
    /// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html>). AWS
    /// recommends disabling ACLs altogether and granting access with policies
    /// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_s3_bucket_acl" "downloads" {
    ///   bucket = aws_s3_bucket.downloads.id
    ///   acl    = "public-read"
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_s3_bucket_acl" "downloads" {
    ///   bucket = aws_s3_bucket.downloads.id
    ///   acl    = "private"
    /// }
    /// ```
    ///
    /// ## Fix
    /// A public canned ACL becomes `"private"` where the value is set (the block, a variable
    /// default, a `.tfvars` entry or the calling module's argument). A public grant is deleted
    /// when another grant that is not public remains; otherwise the finding gets a
    /// recommendation, since an `access_control_policy` without grants also takes the owner's
    /// own ACL permissions away.
    ///
    /// ## Fix safety
    /// `review`: whoever reads (or writes) the bucket without signing in, or with another AWS
    /// account, loses access: a website or downloads served straight from S3, a partner that
    /// fetches files anonymously. Serve them through CloudFront with origin access control, or
    /// grant the partner's account in a bucket policy, before applying.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html>
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-2>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-3>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_acl>
    /// - Security Hub FSBP `S3.2` (public read), `S3.3` (public write); Checkov `CKV_AWS_20`
    ///   (public read), `CKV_AWS_57` (public write), `CKV2_AWS_43` (a grant to
    ///   `AuthenticatedUsers` in an `aws_s3_bucket_acl`), `CKV_AWS_375` (`READ_ACP` or
    ///   `FULL_CONTROL` granted to `AllUsers` there); Trivy `AVD-AWS-0092`
    ///   (`aws-s3-no-public-access-with-acl`); KICS `38c5ee0d-7f22-4260-ab72-5073048df100`
    ///   (S3 bucket ACL allows read or write to all users; it also reads calls of the registry
    ///   module `terraform-aws-modules/s3-bucket/aws`, whose bucket this rule sees only once the
    ///   module is downloaded into `.terraform/modules`); Prowler
    ///   `s3_bucket_public_list_acl`, `s3_bucket_public_write_acl`
    /// - Differences kept on purpose: for a public ACL set in an `aws_s3_bucket_acl`, Checkov
    ///   reports the bucket while this rule, like Trivy, reports the `aws_s3_bucket_acl` at its
    ///   value; Trivy does not fail a public ACL that a public access block ignores, which this
    ///   rule reports.
    /// - Terrascan `AC_AWS_0210` (`AWS.S3Bucket.IAM.High.0377`), `AC_AWS_0211`
    ///   (`AWS.S3Bucket.IAM.High.0378`), `AC_AWS_0212` (`AWS.S3Bucket.IAM.High.0379`),
    ///   `AC_AWS_0213` (`AWS.S3Bucket.IAM.High.0381`)
    pub struct NoPublicAcl {
        id: "aws-s3-no-public-acl",
        title: "S3 bucket ACLs grant nothing to everyone or to every AWS account",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &[BUCKET, ACL],
        fix: FixAvailability::Sometimes,
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-2",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-3",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_acl",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_20", "CKV_AWS_57", "CKV2_AWS_43", "CKV_AWS_375"],
            trivy: &["AVD-AWS-0092", "AWS-0092", "aws-s3-no-public-access-with-acl", "AWS001"],
            kics: &["38c5ee0d-7f22-4260-ab72-5073048df100"],
            prowler: &["s3_bucket_public_list_acl", "s3_bucket_public_write_acl"],
            security_hub: &["S3.2", "S3.3"],
            terrascan: &["AC_AWS_0210", "AWS.S3Bucket.IAM.High.0377", "AC_AWS_0211", "AWS.S3Bucket.IAM.High.0378", "AC_AWS_0212", "AWS.S3Bucket.IAM.High.0379", "AC_AWS_0213", "AWS.S3Bucket.IAM.High.0381"],
        },
        check: no_public_acl,
    }
}

/// The split-out ACL resource type.
const ACL: &str = "aws_s3_bucket_acl";

/// Canned ACLs that grant access to everyone or to every AWS account, and who gets it.
const PUBLIC_CANNED: &[(&str, &str)] = &[
    ("public-read", "everyone can list the bucket"),
    (
        "public-read-write",
        "everyone can list the bucket and write to it",
    ),
    (
        "authenticated-read",
        "every AWS account can list the bucket",
    ),
    ("website", "treated as public-read"),
];

/// Grantee groups that stand for everyone or every AWS account.
const PUBLIC_GROUPS: &[(&str, &str)] = &[
    (
        "http://acs.amazonaws.com/groups/global/AllUsers",
        "everyone",
    ),
    (
        "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
        "every AWS account",
    ),
];

const TITLE: &str = "Make the bucket ACL private";
const NOTE: &str = "Whoever reads or writes the bucket anonymously or from another AWS account loses access: serve public content through CloudFront, grant partner accounts in a bucket policy.";

/// `aws-s3-no-public-acl`
fn no_public_acl(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    if let Some(attr) = block.attribute("acl") {
        let Some(value) = attr.value.as_str() else {
            return;
        };
        if let Some((name, who)) = PUBLIC_CANNED.iter().find(|(n, _)| *n == value) {
            let finding = cx.report(
                resource,
                IssueKind::IncorrectValue,
                &attr.value_location,
                format!("Bucket ACL is public (`acl = \"{name}\"`: {who})"),
            );
            attach_fix(
                finding,
                set_attribute(block, "acl", "\"private\""),
                "Set `acl = \"private\"`.",
                |fix| {
                    fix.with_applicability(Applicability::Review)
                        .with_title(TITLE)
                        .with_note(NOTE)
                },
            );
            return;
        }
    }
    // `access_control_policy { grant { grantee { uri } } }` in an `aws_s3_bucket_acl`;
    // `grant { uri }` in an `aws_s3_bucket` (provider 3 and earlier).
    let grants: Vec<&BlockView> = if resource.resource_type() == ACL {
        match block.block("access_control_policy") {
            Some(policy) => policy.blocks_of("grant").collect(),
            None => return,
        }
    } else {
        block.blocks_of("grant").collect()
    };
    for grant in &grants {
        let Some(uri) = grantee_uri(grant) else {
            continue;
        };
        let Some(value) = uri.value.as_str() else {
            continue;
        };
        let Some((_, who)) = PUBLIC_GROUPS.iter().find(|(u, _)| *u == value) else {
            continue;
        };
        let permission = grant
            .value("permission")
            .or_else(|| grant.value("permissions"))
            .map_or_else(|| "access".to_owned(), |p| p.to_hcl().replace('"', ""));
        let finding = cx.report(
            resource,
            IssueKind::IncorrectValue,
            &uri.value_location,
            format!("Bucket ACL grants {permission} to {who} (`uri = \"{value}\"`)"),
        );
        attach_fix(
            finding,
            delete_grant(grant, &grants),
            "Remove this `grant` from the `access_control_policy`.",
            |fix| {
                fix.with_applicability(Applicability::Review)
                    .with_title("Remove the public grant")
                    .with_note(NOTE)
            },
        );
        return;
    }
}

/// The grantee `uri` of a grant: in its `grantee` block (`aws_s3_bucket_acl`) or in the grant
/// itself (`aws_s3_bucket`).
fn grantee_uri(grant: &BlockView) -> Option<&driftless_hcl::AttributeView> {
    grant
        .blocks_of("grantee")
        .find_map(|g| g.attribute("uri"))
        .or_else(|| grant.attribute("uri"))
}

/// Why a public grant cannot be removed by an edit.
#[derive(Debug, thiserror::Error)]
enum GrantRemovalError {
    /// The grants are made by a `dynamic` block.
    #[error(
        "The grants come from a `dynamic` block: remove the public grantee from its collection."
    )]
    DynamicGrants,
    /// Removing the grant would leave a policy that grants nothing.
    #[error(
        "It is the policy's only grant that is not public: removing it would leave an `access_control_policy` that grants nothing, the owner included. Replace it with a grant to the owner (`FULL_CONTROL` to the `CanonicalUser` of `owner.id`), or use `acl = \"private\"` instead of the policy."
    )]
    OnlyGrant,
    /// The grant is in a module fetched into `.terraform/modules`.
    #[error(
        "The grant is in a module fetched into .terraform/modules, which driftless never edits."
    )]
    FetchedModule,
    /// The grant shares its lines with other code, so it cannot be removed by whole lines.
    #[error("The grant shares its line with other code.")]
    SharesLine,
}

/// The edit that deletes `grant`, whole lines, from its `access_control_policy`.
///
/// # Errors
/// When the grant comes from a `dynamic` block, when no other grant that is not public would
/// remain, or when the file may not be edited.
fn delete_grant(grant: &BlockView, grants: &[&BlockView]) -> Result<EditPlan, GrantRemovalError> {
    if grant.dynamic || grants.iter().any(|g| g.dynamic) {
        return Err(GrantRemovalError::DynamicGrants);
    }
    let others_private = grants.iter().any(|g| {
        !std::ptr::eq(*g, grant)
            && grantee_uri(g).is_none_or(|u| {
                u.value
                    .as_str()
                    .is_some_and(|u| !PUBLIC_GROUPS.iter().any(|(p, _)| *p == u))
            })
    });
    if !others_private {
        return Err(GrantRemovalError::OnlyGrant);
    }
    if !grant.file.editable {
        return Err(GrantRemovalError::FetchedModule);
    }
    let file = &grant.file;
    let range = grant.location.range;
    let start_line = file.line_index.line_of(range.start);
    let start = file
        .line_index
        .line_start(start_line)
        .unwrap_or(range.start);
    if !file.text[start as usize..range.start as usize]
        .trim()
        .is_empty()
    {
        return Err(GrantRemovalError::SharesLine);
    }
    let rest = &file.text[range.end as usize..];
    let end = match rest.find('\n') {
        Some(i) if rest[..i].trim().is_empty() => range.end + u32::try_from(i + 1).unwrap_or(0),
        _ => return Err(GrantRemovalError::SharesLine),
    };
    // A grant between blank lines, or last in its block after a blank line, takes the blank
    // line before it along: no double blank line, no blank line before the closing brace.
    let next_line = file.text[end as usize..].lines().next().unwrap_or("");
    let before = &file.text[..start as usize];
    let start = match before.strip_suffix('\n') {
        Some(prev) if next_line.trim() == "}" || next_line.trim().is_empty() => {
            let prev_start = prev.rfind('\n').map_or(0, |i| i + 1);
            if prev[prev_start..].trim().is_empty() {
                u32::try_from(prev_start).unwrap_or(start)
            } else {
                start
            }
        }
        _ => start,
    };
    Ok(EditPlan::local(Edit::deletion(
        file.path.clone(),
        TextRange::new(start, end),
    )))
}
