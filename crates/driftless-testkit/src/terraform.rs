//! Terraform and the AWS provider for the tests that run them.
//!
//! Those tests need a `terraform` (or `tofu`) binary and a local filesystem mirror holding
//! `registry.terraform.io/hashicorp/aws`, so that `init` installs the provider without a
//! network. Without them a test says in one line that it was skipped; with
//! `DRIFTLESS_REQUIRE_TERRAFORM=1` (as `.ci/run` sets it) it fails instead.

use std::fmt;
use std::path::{Path, PathBuf};

/// The environment variable naming the Terraform or OpenTofu binary.
pub const TERRAFORM_VARIABLE: &str = "DRIFTLESS_TERRAFORM";

/// The environment variable naming the provider mirror folder (the folder that holds
/// `registry.terraform.io/`).
pub const MIRROR_VARIABLE: &str = "DRIFTLESS_PROVIDER_MIRROR";

/// The environment variable that turns a skip into a failure when set to `1`.
pub const REQUIRE_TERRAFORM_VARIABLE: &str = "DRIFTLESS_REQUIRE_TERRAFORM";

/// The provider the tests plan with, as a path inside a mirror.
const AWS_PROVIDER: &str = "registry.terraform.io/hashicorp/aws";

/// What a test that runs Terraform needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerraformTools {
    /// The `terraform` or `tofu` binary.
    pub binary: PathBuf,
    /// The provider mirror: the folder holding `registry.terraform.io/hashicorp/aws/<version>`.
    pub mirror: PathBuf,
}

/// Terraform and the provider mirror, when both are there.
///
/// The binary is `$DRIFTLESS_TERRAFORM`, else `terraform`, else `tofu` on the `PATH`. The
/// mirror is `$DRIFTLESS_PROVIDER_MIRROR`, else the first of Terraform's implied local mirror
/// folders (`~/.terraform.d/plugins`, `$XDG_DATA_HOME/terraform/plugins`,
/// `/usr/local/share/terraform/plugins`, `/usr/share/terraform/plugins`) that holds the AWS
/// provider. When one is missing, writes one `skipped:` line and returns `None`.
///
/// # Panics
/// When one is missing and `DRIFTLESS_REQUIRE_TERRAFORM=1`.
#[must_use]
#[track_caller]
pub fn terraform() -> Option<TerraformTools> {
    let required = std::env::var_os(REQUIRE_TERRAFORM_VARIABLE).is_some_and(|v| v == "1");
    let binary = std::env::var_os(TERRAFORM_VARIABLE)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| on_path("terraform"))
        .or_else(|| on_path("tofu"));
    let mirror = std::env::var_os(MIRROR_VARIABLE)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(implied_mirror)
        .filter(|m| holds_aws(m));
    let requirement = format!(
        "{REQUIRE_TERRAFORM_VARIABLE}=1 requires it (install Terraform or OpenTofu, or set \
         {TERRAFORM_VARIABLE}; set {MIRROR_VARIABLE} to the folder holding {AWS_PROVIDER})"
    );
    match (binary, mirror) {
        (Some(binary), Some(mirror)) => Some(TerraformTools { binary, mirror }),
        (None, _) => super::skip_or_fail(&Missing::Binary, required, &requirement),
        (Some(_), None) => super::skip_or_fail(&Missing::Mirror, required, &requirement),
    }
}

/// What is missing.
#[derive(Debug, Clone, Copy)]
enum Missing {
    Binary,
    Mirror,
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::Binary => write!(
                f,
                "no terraform or tofu on the PATH and {TERRAFORM_VARIABLE} is not set"
            ),
            Missing::Mirror => write!(
                f,
                "no local mirror of {AWS_PROVIDER} ({MIRROR_VARIABLE} is not set and Terraform's \
                 implied mirror folders do not hold it)"
            ),
        }
    }
}

/// `name` as found on the `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// The first of Terraform's implied local mirror folders that holds the AWS provider.
fn implied_mirror() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let data_home = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".local/share")));
    [
        home.map(|h| h.join(".terraform.d/plugins")),
        data_home.map(|d| d.join("terraform/plugins")),
        Some(PathBuf::from("/usr/local/share/terraform/plugins")),
        Some(PathBuf::from("/usr/share/terraform/plugins")),
    ]
    .into_iter()
    .flatten()
    .find(|dir| holds_aws(dir))
}

fn holds_aws(dir: &Path) -> bool {
    dir.join(AWS_PROVIDER).is_dir()
}
