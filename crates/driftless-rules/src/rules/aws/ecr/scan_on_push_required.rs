//! `aws-ecr-scan-on-push-required`: ECR repositories scan images when they are pushed.

use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, IssueKind, Severity};
use driftless_hcl::Resource;
use driftless_hcl::edit::set_nested;

declare_rule! {
    /// ## What it checks
    /// `aws_ecr_repository` blocks whose `image_scanning_configuration.scan_on_push` is not
    /// `true`: the block is absent, `scan_on_push` is absent from it, or it is `false` (the
    /// default is `false` in every case,
    /// <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository#image_scanning_configuration>).
    ///
    /// AWS is deprecating the repository-level setting in favour of the registry-level
    /// scanning configuration (`aws_ecr_registry_scanning_configuration`, with scan filters)
    /// (<https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImageScanningConfiguration.html>).
    /// This rule still reads the repository setting, as Checkov, Trivy and KICS do; a registry
    /// that scans every repository through registry-level rules makes the finding moot, and
    /// it can be suppressed with that reason.
    ///
    /// ## Why it matters
    /// Scan on push checks every new image for known software vulnerabilities (CVEs) as soon as
    /// it reaches the registry, so a vulnerable base image is found before it is deployed rather
    /// than after (<https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-basic.html>).
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
    ///   name = "app"
    ///
    ///   image_scanning_configuration {
    ///     scan_on_push = true
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `scan_on_push = true`, adding the `image_scanning_configuration` block when it is
    /// absent; when the value comes from a variable default, a tfvars entry or a module
    /// argument, the edit goes there. Scanning runs after the push and never blocks it, and
    /// basic scanning is free, so the fix is `safe`. The setting changes in place, without
    /// replacing the repository.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-1>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository#image_scanning_configuration>
    /// - Security Hub FSBP `ECR.1`; Checkov `CKV_AWS_163`; Trivy `AVD-AWS-0030`
    ///   (`aws-ecr-enable-image-scans`); KICS `9630336b-3fed-4096-8173-b9afdfe346a7` (Unscanned
    ///   ECR image); Prowler `ecr_repositories_scan_images_on_push_enabled`
    /// - Terrascan `AC_AWS_0083` (`AWS.ECR.DataSecurity.High.0578`)
    pub struct ScanOnPushRequired {
        id: "aws-ecr-scan-on-push-required",
        title: "ECR repositories scan images on push",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_ecr_repository"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-1",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository#image_scanning_configuration",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_163"],
            trivy: &["AVD-AWS-0030", "AWS-0030", "aws-ecr-enable-image-scans", "AWS023"],
            kics: &["9630336b-3fed-4096-8173-b9afdfe346a7"],
            prowler: &["ecr_repositories_scan_images_on_push_enabled"],
            security_hub: &["ECR.1"],
            terrascan: &["AC_AWS_0083", "AWS.ECR.DataSecurity.High.0578"],
        },
        check: scan_on_push_required,
    }
}

const CONFIG: &str = "image_scanning_configuration";

/// `aws-ecr-scan-on-push-required`
fn scan_on_push_required(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    let finding = match block.block(CONFIG) {
        None if block.may_have_block(CONFIG) => return,
        None => cx.report(
            resource,
            IssueKind::MissingAttribute,
            &block.header,
            "Repository does not scan images on push (no `image_scanning_configuration`)",
        ),
        Some(config) => match config.attribute("scan_on_push") {
            None => cx.report(
                resource,
                IssueKind::MissingAttribute,
                &config.header,
                "Repository does not scan images on push (`scan_on_push` defaults to false)",
            ),
            Some(attr) if attr.value.is_null() || attr.value.as_bool() == Some(false) => cx.report(
                resource,
                IssueKind::IncorrectValue,
                &attr.value_location,
                "Repository does not scan images on push (`scan_on_push = false`)",
            ),
            Some(_) => return,
        },
    };
    attach_fix(
        finding,
        set_nested(block, &[CONFIG], "scan_on_push", "true"),
        "Set `image_scanning_configuration { scan_on_push = true }`.",
        |fix| {
            fix.with_applicability(Applicability::Safe)
                .with_title("Scan images on push")
                .with_note("Images are scanned for known vulnerabilities after each push; pushes are never blocked.")
        },
    );
}
