//! `aws-ec2-root-volume-encryption-required`: the EBS volumes that instances, launch
//! configurations and launch templates create are encrypted at rest.

use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, IssueKind, Severity, SourceLocation};
use driftless_hcl::edit::{EditPlan, PlanError, set_attribute, set_nested};
use driftless_hcl::{BlockView, Evaluation, Resource};

declare_rule! {
    /// ## What it checks
    /// The EBS volumes an instance is launched with that do not ask for encryption:
    /// - `aws_instance` and `aws_launch_configuration`: the `root_block_device` and every
    ///   `ebs_block_device` whose `encrypted` is absent or `false`, and a missing
    ///   `root_block_device` (the root volume then takes its settings from the AMI);
    /// - `aws_launch_template`: every `block_device_mappings` entry with an `ebs` block whose
    ///   `encrypted` is absent or `false`.
    ///
    /// Without `encrypted = true` a volume is encrypted only when the snapshot it is created
    /// from (the AMI's, or `snapshot_id`) is encrypted, or when the account turned on EBS
    /// encryption by default in the Region
    /// (<https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html>). An
    /// `aws_ebs_encryption_by_default` resource of the same root module whose `enabled` is
    /// `true` (its default) or unknown counts as that setting, so absent `encrypted` values are
    /// then not reported; an explicit `encrypted = false` still is. A launch template without
    /// `block_device_mappings` is not reported: its root volume follows the AMI, and only the
    /// AMI knows its root device name. A value unknown before apply is not reported.
    ///
    /// ## Why it matters
    /// An unencrypted volume stores its data, and every snapshot and AMI taken from it, in
    /// clear text; EBS encryption (AES-256 with a KMS key) also covers the data moving between
    /// the volume and the instance
    /// (<https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html>). Root volumes
    /// hold the operating system's logs, swap, caches and often application secrets. An
    /// existing volume cannot be encrypted in place.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_instance" "web" {
    ///   ami           = "ami-0abc"
    ///   instance_type = "t3.micro"
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_instance" "web" {
    ///   ami           = "ami-0abc"
    ///   instance_type = "t3.micro"
    ///
    ///   root_block_device {
    ///     encrypted = true
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// One finding per resource, at the first volume at fault, with one fix for all of them:
    /// sets `encrypted = true` in each block (where the value is set: the block, a variable
    /// default, a `.tfvars` entry or the calling module's argument), and adds
    /// `root_block_device { encrypted = true }` when the block is missing. Beside a
    /// `dynamic "root_block_device"` block (a shared module's optional input) no static block
    /// is added, since the two would make two blocks where the provider takes one: the
    /// finding then recommends setting it through the value that feeds the dynamic block.
    ///
    /// ## Fix safety
    /// `review`: on an `aws_instance`, `encrypted` cannot change on an existing volume, so
    /// Terraform replaces the instance with a new one whose volumes are new and empty (or
    /// restored from the AMI): data on them is lost, and the instance gets new private and
    /// public addresses. Move the data first (snapshot, copy the snapshot with encryption on,
    /// restore), or launch a replacement and migrate. For an `ebs_block_device` alone, the
    /// AWS provider (5.100.0) plans an update in place, yet AWS cannot encrypt an attached
    /// volume: swap in an encrypted copy before applying. A launch configuration cannot change,
    /// so Terraform creates a new one (the Auto Scaling group must tolerate it, usually with
    /// `create_before_destroy`); a launch template gets a new version. Either way only
    /// instances launched afterwards get encrypted volumes. Instances whose volumes are
    /// already encrypted (encryption by default, an encrypted AMI) see no change.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html>
    /// - <https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html>
    /// - <https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-device-mapping-concepts.html>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance#ebs-ephemeral-and-root-block-devices>
    /// - Checkov `CKV_AWS_8` (instances and launch configurations); Trivy `AVD-AWS-0131`
    ///   (`aws-ec2-enable-at-rest-encryption`, instances) and `AVD-AWS-0008`
    ///   (`aws-ec2-enable-launch-config-at-rest-encryption`, launch configurations); KICS
    ///   `4de9de27-254e-424f-bd70-4c1e95790838` (`launch_configuration_is_not_encrypted`)
    /// - Differences kept on purpose: Checkov passes a block with `snapshot_id` and no
    ///   `encrypted = true`, and a `root_block_device` without `encrypted`, which driftless
    ///   reports (the volume is then encrypted only if its snapshot is).
    /// - Security Hub FSBP `EC2.3` and Prowler `ec2_ebs_volume_encryption` ("attached EBS
    ///   volumes should be encrypted at rest") report the volume, not the instance; when the
    ///   state holds that volume as an instance's `root_block_device` or `ebs_block_device`,
    ///   `driftless map` puts the finding at the instance's block, where this rule's fix is.
    ///   EC2.7 (encryption by default) is a Region setting.
    /// - Terrascan `AC_AWS_0167` (`AWS.EcsCluster.EncryptionandKeyManagement.High.0413`)
    pub struct RootVolumeEncryptionRequired {
        id: "aws-ec2-root-volume-encryption-required",
        title: "EC2 instance and launch template volumes are encrypted at rest",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_instance", "aws_launch_configuration", "aws_launch_template"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
            "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-device-mapping-concepts.html",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_8"],
            trivy: &["AVD-AWS-0131", "AWS-0131", "aws-ec2-enable-at-rest-encryption", "AVD-AWS-0008", "AWS-0008", "aws-ec2-enable-launch-config-at-rest-encryption", "aws-autoscaling-enable-at-rest-encryption"],
            kics: &["4de9de27-254e-424f-bd70-4c1e95790838"],
            prowler: &["ec2_ebs_volume_encryption"],
            security_hub: &["EC2.3"],
            terrascan: &["AC_AWS_0167", "AWS.EcsCluster.EncryptionandKeyManagement.High.0413"],
        },
        check: root_volume_encryption_required,
    }
}

/// The resource that turns on EBS encryption by default for a Region.
const ENCRYPTION_BY_DEFAULT: &str = "aws_ebs_encryption_by_default";

/// One volume whose encryption is not asked for.
struct Problem<'a> {
    kind: IssueKind,
    location: &'a SourceLocation,
    /// `root_block_device`, `ebs_block_device` or `block_device_mappings.ebs`.
    what: String,
    /// Whether it is about the root volume (`root_block_device`).
    root: bool,
    /// The edit that asks for encryption.
    planned: Result<EditPlan, PlanError>,
}

/// Whether an `aws_ebs_encryption_by_default` of `resource`'s root module may turn on
/// encryption by default: `enabled` absent (default `true`), `true` or unknown.
fn encrypted_by_default(evaluation: &Evaluation, resource: &Resource) -> bool {
    let root = &evaluation.module_of(resource).root_module;
    evaluation.of_type(ENCRYPTION_BY_DEFAULT).any(|r| {
        evaluation.module_of(r).root_module == *root
            && r.block
                .value("enabled")
                .is_none_or(|v| v.as_bool() != Some(false))
    })
}

/// The problem of one volume block (`root_block_device`, `ebs_block_device` or `ebs`), if any.
/// A block from a `dynamic` block whose `for_each` is unknown may not exist: not reported.
fn volume<'a>(block: &'a BlockView, what: &str, by_default: bool) -> Option<Problem<'a>> {
    if block.unknown_repetition {
        return None;
    }
    match block.attribute("encrypted") {
        None if by_default => None,
        None => Some(Problem {
            kind: IssueKind::MissingAttribute,
            location: &block.header,
            what: format!("`{what}` has no `encrypted`"),
            root: what == "root_block_device",
            planned: set_attribute(block, "encrypted", "true"),
        }),
        Some(attr) => {
            let wrong = attr.value.is_null() || attr.value.as_bool() == Some(false);
            wrong.then(|| Problem {
                kind: IssueKind::IncorrectValue,
                location: &attr.value_location,
                what: format!("`{what}` has `encrypted = {}`", attr.value.to_hcl()),
                root: what == "root_block_device",
                planned: set_attribute(block, "encrypted", "true"),
            })
        }
    }
}

/// The volumes of `resource` whose encryption is not asked for, in source order.
fn problems(resource: &Resource, by_default: bool) -> Vec<Problem<'_>> {
    let block = &resource.block;
    let mut out = Vec::new();
    if resource.resource_type() == "aws_launch_template" {
        for mapping in block.blocks_of("block_device_mappings") {
            for ebs in mapping.blocks_of("ebs") {
                out.extend(volume(ebs, "block_device_mappings.ebs", by_default));
            }
        }
        return out;
    }
    match block.block("root_block_device") {
        Some(root) => out.extend(volume(root, "root_block_device", by_default)),
        None if block.may_have_block("root_block_device") || by_default => {}
        None => out.push(Problem {
            kind: IssueKind::MissingAttribute,
            location: &block.header,
            what: "no `root_block_device` asks for encryption".to_owned(),
            root: true,
            planned: set_nested(block, &["root_block_device"], "encrypted", "true"),
        }),
    }
    for ebs in block.blocks_of("ebs_block_device") {
        out.extend(volume(ebs, "ebs_block_device", by_default));
    }
    out
}

const NOTE_INSTANCE: &str = "Terraform replaces the instance: its volumes are recreated empty (or from the AMI) and it gets new addresses. Move the data first, or launch a replacement and migrate.";
const NOTE_INSTANCE_EBS: &str = "Terraform plans this as an update in place of the instance (AWS provider 5.100.0), but AWS cannot encrypt an attached EBS volume: before applying, swap in an encrypted copy of the volume (snapshot, copy with encryption, new volume), or replace the instance.";
const NOTE_CONFIGURATION: &str = "Only instances launched afterwards get encrypted volumes. A launch configuration cannot change, so Terraform replaces it with a new one, which its Auto Scaling group must tolerate (`create_before_destroy`).";
const NOTE_TEMPLATE: &str = "Only instances launched from the new template version get encrypted volumes; running instances keep theirs until they are replaced (an instance refresh).";

/// `aws-ec2-root-volume-encryption-required`
fn root_volume_encryption_required(cx: &mut Checker<'_>, resource: &Resource) {
    let by_default = encrypted_by_default(cx.evaluation, resource);
    let problems = problems(resource, by_default);
    let Some(first) = problems.first() else {
        return;
    };
    let subject = match resource.resource_type() {
        "aws_instance" => "Instance",
        "aws_launch_configuration" => "Launch configuration",
        _ => "Launch template",
    };
    let what: Vec<&str> = problems.iter().map(|p| p.what.as_str()).collect();
    let message = format!(
        "{subject} volumes are not encrypted at rest ({})",
        what.join("; ")
    );
    let finding = cx.report(resource, first.kind, first.location, message);
    let planned = EditPlan::combine(problems.iter().map(|p| p.planned.clone()));
    let root = problems.iter().any(|p| p.root);
    let (note, replaces) = match resource.resource_type() {
        // The provider plans a change of `root_block_device.encrypted` as a replacement and
        // one of an `ebs_block_device`'s as an update in place (checked by the verified
        // fixtures test against AWS provider 5.100.0).
        "aws_instance" if root => (NOTE_INSTANCE, true),
        "aws_instance" => (NOTE_INSTANCE_EBS, false),
        // A launch configuration cannot change; a launch template gets a new version.
        "aws_launch_configuration" => (NOTE_CONFIGURATION, true),
        _ => (NOTE_TEMPLATE, false),
    };
    attach_fix(
        finding,
        planned,
        "Set `encrypted = true` on every volume block.",
        |fix| {
            let fix = fix
                .with_applicability(Applicability::Review)
                .with_title("Encrypt the volumes")
                .with_note(note);
            if replaces { fix.replacing() } else { fix }
        },
    );
}
