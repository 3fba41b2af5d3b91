//! The rule fixtures as data, for the catalog's tests and tooling: every rule's fixture folder
//! sits beside its source file (`rules/aws/ec2/imdsv2_required/`), and holds `bad_*` and
//! `good_*` cases, each a `.tf` file or a folder scanned as a repository, with
//! `# expect: <rule-id>` on every line a finding must point at.
//!
//! Every case is valid Terraform that plans offline with the AWS provider alone (the tests
//! `driftless-dev/tests/evaluation.rs` and `driftless-fix/tests/verified_fixtures.rs` run
//! the real Terraform on each): no data source that calls the AWS API, every required argument
//! set. A root module variable without a value is how many `good_unknown` cases make a value
//! unknown; Terraform needs one to plan, so the case gives it in [`PLAN_VALUES_FILE`]. The
//! few cases that cannot plan offline for another reason are listed in [`CANNOT_PLAN`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One fixture case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Case {
    /// The case's file or folder.
    pub path: PathBuf,
    /// The id of the rule whose folder holds it.
    pub rule_id: String,
}

impl Case {
    /// The case's name relative to the rules folder, `aws/ec2/imdsv2_required/bad_omitted.tf`.
    #[must_use]
    pub fn name(&self) -> String {
        self.path
            .strip_prefix(crate::rules_dir())
            .unwrap_or(&self.path)
            .display()
            .to_string()
    }

    /// Whether it is a `bad_*` case.
    #[must_use]
    pub fn is_bad(&self) -> bool {
        self.path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("bad_"))
    }

    /// What the case's [`PLAN_VALUES_FILE`] holds, if it has one.
    ///
    /// # Errors
    /// When the file exists and cannot be read.
    pub fn plan_values(&self) -> std::io::Result<Option<String>> {
        let file = self.path.join(PLAN_VALUES_FILE);
        if !file.is_file() {
            return Ok(None);
        }
        std::fs::read_to_string(file).map(Some)
    }

    /// Copies the case into `dir`: a file as itself, a folder's content as the repository.
    ///
    /// # Errors
    /// When a file cannot be read or written.
    pub fn copy_to(&self, dir: &Path) -> std::io::Result<()> {
        if self.path.is_file() {
            std::fs::copy(
                &self.path,
                dir.join(self.path.file_name().unwrap_or_default()),
            )?;
            return Ok(());
        }
        for file in files_under(&self.path)? {
            let dest = dir.join(file.strip_prefix(&self.path).unwrap_or(&file));
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(&file, dest)?;
        }
        Ok(())
    }
}

/// The file of a folder case that holds values for its root module's variables that have
/// none, as `.tfvars` lines. The scan never reads it (only `terraform.tfvars` and
/// `*.auto.tfvars` are loaded), so those variables stay unknown to the rules; the tests that
/// run Terraform hand it to `terraform plan`, as a pipeline passes `-var-file`.
pub const PLAN_VALUES_FILE: &str = "plan.tfvars";

/// Why a case cannot be planned offline with the provider the tests use (AWS provider
/// 5.100.0, from a local mirror), though nothing in it is a mistake of the fixture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CannotPlan {
    /// It calls a module from the Terraform Registry: installing it needs the network.
    RegistryModule,
    /// It is written for AWS provider 6 (an argument or value 5.100.0 does not have).
    NewerProvider,
    /// The value at fault is one the provider rejects, and no value it accepts fails the
    /// rule: the rule reports (and fixes) it before Terraform does.
    RejectedValue,
}

/// The cases that cannot plan, by name ([`Case::name`]), with why and what the case
/// needs that for. `driftless-dev/tests/evaluation.rs` fails when a listed case plans, or
/// fails for another reason.
pub const CANNOT_PLAN: &[(&str, CannotPlan, &str)] = &[
    (
        "aws/ec2/ebs_encryption_by_default/bad_count_and_for_each.tf",
        CannotPlan::NewerProvider,
        "`for_each` over Regions with provider 6's per-resource `region`",
    ),
    (
        "aws/ec2/imdsv2_required/bad_registry_module.tf",
        CannotPlan::RegistryModule,
        "a call of a terraform-aws-modules module, evaluated from the knowledge base without `.terraform/`",
    ),
    (
        "aws/ec2/imdsv2_required/good_registry_module.tf",
        CannotPlan::RegistryModule,
        "a call of a terraform-aws-modules module, evaluated from the knowledge base without `.terraform/`",
    ),
    (
        "aws/ec2/root_volume_encryption_required/bad_registry_module.tf",
        CannotPlan::RegistryModule,
        "a call of a terraform-aws-modules module, evaluated from the knowledge base without `.terraform/`",
    ),
    (
        "aws/ec2/root_volume_encryption_required/good_registry_module.tf",
        CannotPlan::RegistryModule,
        "a call of a terraform-aws-modules module, evaluated from the knowledge base without `.terraform/`",
    ),
    (
        "aws/ecr/immutable_tags/bad_exclusion_filters.tf",
        CannotPlan::NewerProvider,
        "provider 6's tag mutability exclusion filters, which the rule leaves to a recommendation",
    ),
    (
        "aws/rds/iam_authentication_enabled/bad_registry_module.tf",
        CannotPlan::RegistryModule,
        "a call of a terraform-aws-modules module, evaluated from the knowledge base without `.terraform/`",
    ),
    (
        "aws/rds/iam_authentication_enabled/good_registry_module.tf",
        CannotPlan::RegistryModule,
        "a call of a terraform-aws-modules module, evaluated from the knowledge base without `.terraform/`",
    ),
    (
        "aws/s3/encryption_required/bad_module_argument",
        CannotPlan::RejectedValue,
        "a module argument the provider rejects (`SSE-S3`): the provider accepts every `sse_algorithm` the rule accepts, and only those",
    ),
    (
        "aws/s3/encryption_required/bad_tfvars",
        CannotPlan::RejectedValue,
        "a tfvars value the provider rejects (`kms`): the provider accepts every `sse_algorithm` the rule accepts, and only those",
    ),
    (
        "aws/s3/encryption_required/bad_variable_default.tf",
        CannotPlan::RejectedValue,
        "a variable default the provider rejects (`AES-256`): the provider accepts every `sse_algorithm` the rule accepts, and only those",
    ),
    (
        "aws/s3/encryption_required/bad_wrong_literal.tf",
        CannotPlan::RejectedValue,
        "literals the provider rejects (`AES-256`, `\"\"`, `none`, an inline `rule` without default encryption): the provider accepts every `sse_algorithm` the rule accepts, and only those",
    ),
];

/// The entry of [`CANNOT_PLAN`] for the case named `name`.
#[must_use]
pub fn cannot_plan(name: &str) -> Option<&'static (&'static str, CannotPlan, &'static str)> {
    CANNOT_PLAN.iter().find(|(case, _, _)| *case == name)
}

/// Every file under `dir`, recursively, sorted.
///
/// # Errors
/// When a folder cannot be read.
pub fn files_under(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(files_under(&path)?);
        } else {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Every fixture case of every rule, sorted. A rule's fixture folder is a folder with a `.rs`
/// file of the same name beside it; the rule id is read from that file's `id: "..."`.
///
/// # Errors
/// When the rules folder cannot be read.
pub fn cases() -> std::io::Result<Vec<Case>> {
    let mut out = Vec::new();
    let mut stack = vec![crate::rules_dir()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if !path.is_dir() {
                continue;
            }
            let source = path.with_extension("rs");
            let Some(rule_id) = source.is_file().then(|| rule_id_in(&source)).flatten() else {
                stack.push(path);
                continue;
            };
            for case in std::fs::read_dir(&path)? {
                let case = case?.path();
                let name = case
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                if name.starts_with("bad_") || name.starts_with("good_") {
                    out.push(Case {
                        path: case,
                        rule_id: rule_id.clone(),
                    });
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

fn rule_id_in(source: &Path) -> Option<String> {
    let text = std::fs::read_to_string(source).ok()?;
    let at = text.find("id: \"")?;
    text[at + 5..].split('"').next().map(str::to_owned)
}

/// `(path, 1-based line, rule id)` of every `# expect: <rule-id>[, <rule-id>]` marker in the
/// files under `root` (paths relative to `root`, `/`-separated).
///
/// # Errors
/// When a file cannot be read.
pub fn expectations(root: &Path) -> std::io::Result<BTreeSet<(String, u32, String)>> {
    let mut out = BTreeSet::new();
    for file in files_under(root)? {
        let rel = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&file)?;
        for (i, line) in text.lines().enumerate() {
            if let Some(at) = line.find("expect:") {
                for id in line[at + 7..].split([',', ' ']).filter(|s| !s.is_empty()) {
                    out.insert((
                        rel.clone(),
                        u32::try_from(i + 1).unwrap_or(u32::MAX),
                        id.to_owned(),
                    ));
                }
            }
        }
    }
    Ok(out)
}
