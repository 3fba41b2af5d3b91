//! `aws-ecr-immutable-tags`: ECR repositories refuse to move an image tag once pushed.

use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, IssueKind, Severity};
use driftless_hcl::Resource;
use driftless_hcl::edit::set_attribute;

declare_rule! {
    /// ## What it checks
    /// `aws_ecr_repository` blocks whose tags can be overwritten: `image_tag_mutability` is
    /// absent (the default is `"MUTABLE"`,
    /// <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository#image_tag_mutability>),
    /// `"MUTABLE"`, `"MUTABLE_WITH_EXCLUSION"` (mutable except the tags its exclusion filters
    /// match) or `"IMMUTABLE_WITH_EXCLUSION"` (immutable except the tags its filters match,
    /// often `latest`, which stay mutable). A value unknown before apply is not reported.
    ///
    /// ## Why it matters
    /// With mutable tags, pushing an image with an existing tag silently moves the tag to the
    /// new image. Whoever can push to the repository (a compromised CI token, say) can replace
    /// `app:1.4.2`, already reviewed, scanned and deployed, with other code, and the next
    /// deployment or node that pulls the tag runs it. With immutable tags, ECR refuses the
    /// push, so a tag always names the image it was first given to
    /// (<https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_ecr_repository" "app" {
    ///   name = "app"
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_ecr_repository" "app" {
    ///   name                 = "app"
    ///   image_tag_mutability = "IMMUTABLE"
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `image_tag_mutability = "IMMUTABLE"` where the value is set (the block, a variable
    /// default, a `.tfvars` entry or the calling module's argument), or inserts it when absent;
    /// the repository is updated in place and keeps its images. A repository with exclusion
    /// filters (`"MUTABLE_WITH_EXCLUSION"`, `"IMMUTABLE_WITH_EXCLUSION"`) gets a
    /// recommendation instead: the filters name tags someone chose to treat apart, and removing
    /// them is their decision.
    ///
    /// ## Fix safety
    /// `review`: every push of a tag that already exists now fails with
    /// `ImageTagAlreadyExistsException`. Pipelines that push moving tags (`latest`, a branch
    /// name, `dev`) stop working until they push unique tags (a version, a commit hash) and
    /// deploy by those, or by digest.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-2>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository#image_tag_mutability>
    /// - Security Hub FSBP `ECR.2`; Checkov `CKV_AWS_51`; Trivy `AVD-AWS-0031`
    ///   (`aws-ecr-enforce-immutable-repository`); KICS `d1846b12-20c5-4d45-8798-fc35b79268eb`
    ///   (ECR image tag not immutable; it also reads calls of the registry module
    ///   `terraform-aws-modules/ecr/aws`, whose repository this rule sees only once the module
    ///   is downloaded into `.terraform/modules`); Prowler `ecr_repositories_tag_immutability`
    /// - Terrascan `AC_AWS_0447` (`AWS.CloudTrail.Logging.Low.009`)
    pub struct ImmutableTags {
        id: "aws-ecr-immutable-tags",
        title: "ECR repositories have immutable image tags",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_ecr_repository"],
        fix: FixAvailability::Sometimes,
        references: &[
            "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-2",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository#image_tag_mutability",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_51"],
            trivy: &["AVD-AWS-0031", "AWS-0031", "aws-ecr-enforce-immutable-repository", "AWS078"],
            kics: &["d1846b12-20c5-4d45-8798-fc35b79268eb"],
            prowler: &["ecr_repositories_tag_immutability"],
            security_hub: &["ECR.2"],
            terrascan: &["AC_AWS_0447", "AWS.CloudTrail.Logging.Low.009"],
        },
        check: immutable_tags,
    }
}

const ATTRIBUTE: &str = "image_tag_mutability";

const NOTE: &str = "Pushing a tag that already exists now fails: pipelines that re-push moving tags such as `latest` must push unique tags (a version, a commit hash) instead.";

const WITH_EXCLUSION: &str = "The exclusion filters name tags that stay mutable on purpose. If they must move, suppress this finding with the reason; otherwise remove the `image_tag_mutability_exclusion_filter` blocks and set `image_tag_mutability = \"IMMUTABLE\"`, after moving the pipelines that re-push those tags to unique tags.";

/// `aws-ecr-immutable-tags`
fn immutable_tags(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    let finding = match block.attribute(ATTRIBUTE) {
        None => cx.report(
            resource,
            IssueKind::MissingAttribute,
            &block.header,
            "Repository tags can be overwritten (`image_tag_mutability` defaults to \"MUTABLE\")",
        ),
        Some(attr) => {
            let Some(value) = attr.value.as_str().map(std::borrow::Cow::into_owned) else {
                if !attr.value.is_null() {
                    return;
                }
                let finding = cx.report(
                    resource,
                    IssueKind::IncorrectValue,
                    &attr.value_location,
                    "Repository tags can be overwritten (`image_tag_mutability = null` gives \"MUTABLE\")",
                );
                attach(finding, resource);
                return;
            };
            let message = match value.as_str() {
                "IMMUTABLE" => return,
                "IMMUTABLE_WITH_EXCLUSION" => {
                    "Tags matching the repository's exclusion filters can be overwritten (`image_tag_mutability = \"IMMUTABLE_WITH_EXCLUSION\"`)".to_owned()
                }
                other => format!(
                    "Repository tags can be overwritten (`image_tag_mutability = \"{other}\"`)"
                ),
            };
            let finding = cx.report(
                resource,
                IssueKind::IncorrectValue,
                &attr.value_location,
                message,
            );
            if value.ends_with("_WITH_EXCLUSION") {
                finding.recommendation = Some(WITH_EXCLUSION.to_owned());
                return;
            }
            finding
        }
    };
    attach(finding, resource);
}

fn attach(finding: &mut driftless_diagnostics::Finding, resource: &Resource) {
    attach_fix(
        finding,
        set_attribute(&resource.block, ATTRIBUTE, "\"IMMUTABLE\""),
        "Set `image_tag_mutability = \"IMMUTABLE\"`.",
        |fix| {
            fix.with_applicability(Applicability::Review)
                .with_title("Make image tags immutable")
                .with_note(NOTE)
        },
    );
}
