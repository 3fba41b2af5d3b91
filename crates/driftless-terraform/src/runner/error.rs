//! What can go wrong finding Terraform and the provider ([`SetupError`]) and running it
//! ([`RunError`]). The messages are the user's: each says what to set or change.

use crate::diagnostic::{DiagnosticLocation, TerraformDiagnostic};
use crate::plan::PlanError;
use crate::prior::PriorStateError;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// The environment variable naming the Terraform or OpenTofu binary.
pub const TERRAFORM_VARIABLE: &str = "DRIFTLESS_TERRAFORM";

/// The environment variable naming the provider mirror: the folder that holds
/// `registry.terraform.io/` (as `terraform providers mirror DIR` writes it).
pub const MIRROR_VARIABLE: &str = "DRIFTLESS_PROVIDER_MIRROR";

/// The environment variable naming the plugin cache folder shared by every run.
pub const PLUGIN_CACHE_VARIABLE: &str = "DRIFTLESS_PLUGIN_CACHE";

/// Terraform or the provider cannot be found or used.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// No binary given, and neither `terraform` nor `tofu` is on the `PATH`.
    #[error(
        "no terraform or tofu on the PATH and {TERRAFORM_VARIABLE} is not set: install Terraform \
         or OpenTofu, or point {TERRAFORM_VARIABLE} (or --terraform) at one"
    )]
    NoTerraform,
    /// The binary could not be run, or `version -json` failed.
    #[error("{binary}: cannot read its version ({reason})")]
    Version {
        /// The binary.
        binary: PathBuf,
        /// What happened, in a few words.
        reason: String,
    },
    /// The named mirror folder does not hold the provider.
    #[error(
        "the provider mirror {mirror} does not hold {provider} (expected a folder \
         {mirror}/{provider}; `terraform providers mirror {mirror}` writes one)"
    )]
    MirrorWithoutProvider {
        /// The mirror folder given.
        mirror: PathBuf,
        /// The provider, `registry.terraform.io/hashicorp/aws`.
        provider: String,
    },
    /// No mirror given and none of Terraform's implied local mirror folders holds the
    /// provider.
    #[error(
        "no local mirror of {provider}: set {MIRROR_VARIABLE} to a folder \
         holding it (`terraform providers mirror DIR` writes one; driftless never installs \
         providers from the network)"
    )]
    NoMirror {
        /// The provider, `registry.terraform.io/hashicorp/aws`.
        provider: String,
    },
    /// The plugin cache folder cannot be created.
    #[error("the plugin cache {path} cannot be created: {source}")]
    PluginCache {
        /// The folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// One Terraform command the runner runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// `version -json`.
    Version,
    /// `init`.
    Init,
    /// `validate -json`.
    Validate,
    /// `plan -out=FILE`.
    Plan,
    /// `show -json FILE`.
    Show,
    /// `providers schema -json`.
    Schema,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Version => "version",
            Self::Init => "init",
            Self::Validate => "validate",
            Self::Plan => "plan",
            Self::Show => "show",
            Self::Schema => "providers schema",
        })
    }
}

/// A run in a scratch copy failed.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// Reading the repository or writing the scratch copy failed.
    #[error("{path}: {action}: {source}")]
    Io {
        /// What was being done, `copy`.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The root module is not a folder of the repository.
    #[error("the root module `{0}` is not a folder of the repository")]
    NoRootModule(String),
    /// A module call, or a file a function reads, leads outside the repository.
    #[error("{location}: `{path}` leads outside the repository, which driftless does not copy")]
    OutsideRepository {
        /// The path as written.
        path: String,
        /// Where it is written, `envs/prod/main.tf:4`.
        location: String,
    },
    /// A module call whose source is not a local folder: installing it needs the network.
    #[error(
        "{location}: module `{call}` comes from `{from}`, which would need the network to \
         install; driftless plans only configurations whose modules are local folders"
    )]
    RemoteModule {
        /// The module call's name.
        call: String,
        /// Its `source` argument.
        from: String,
        /// Where the call is, `envs/prod/main.tf:4`.
        location: String,
    },
    /// A file of the repository has a name the runner writes into the scratch copy.
    #[error("{path}: driftless writes its own file of that name into the copy it plans; rename it")]
    ReservedName {
        /// The repository-relative path.
        path: String,
    },
    /// A path handed to the workspace is not inside the copy.
    #[error("`{0}` is not a repository-relative path inside the copy")]
    NotInCopy(String),
    /// The binary could not be started.
    #[error("{binary}: cannot run it: {source}")]
    Spawn {
        /// The binary.
        binary: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The command did not finish in time and was stopped.
    #[error("terraform {stage} did not finish within {} s and was stopped", .after.as_secs())]
    Timeout {
        /// The command.
        stage: Stage,
        /// The time it had.
        after: Duration,
    },
    /// The provider mirror has no release of a provider the configuration needs (another
    /// provider, or a version constraint the mirror does not meet).
    #[error(
        "the provider mirror {mirror} has no release of {provider} this configuration accepts: \
         {detail}"
    )]
    ProviderNotInMirror {
        /// The provider, as Terraform names it (`hashicorp/random`).
        provider: String,
        /// The mirror folder.
        mirror: PathBuf,
        /// Terraform's explanation.
        detail: String,
    },
    /// Planning needs a call to the cloud provider's API: a data source that reads from it
    /// (`aws_ami`, `aws_caller_identity`), or a provider configuration that does (a
    /// `dynamic "assume_role"` block). Driftless plans offline, so such a configuration cannot
    /// be planned.
    #[error(
        "{}{caller} needs the provider's API to plan, which driftless never calls: {summary}",
        location.as_ref().map(|l| format!("{l}: ")).unwrap_or_default()
    )]
    NeedsApi {
        /// What calls the API, as Terraform names it: `data.aws_ami.ubuntu`, or
        /// `provider["registry.terraform.io/hashicorp/aws"]`.
        caller: String,
        /// Where it is declared.
        location: Option<DiagnosticLocation>,
        /// Terraform's summary of the failed call.
        summary: String,
    },
    /// Terraform rejected the configuration: its error diagnostics (at least one), with the
    /// warnings after them.
    #[error("terraform {stage} failed: {}", first_error(.diagnostics))]
    Rejected {
        /// The command.
        stage: Stage,
        /// What Terraform said, errors first.
        diagnostics: Vec<TerraformDiagnostic>,
    },
    /// The command failed without diagnostics driftless can read.
    #[error("terraform {stage} failed ({status}): {output}")]
    Failed {
        /// The command.
        stage: Stage,
        /// The exit status, as the system words it.
        status: String,
        /// The end of what it printed.
        output: String,
    },
    /// The command printed something that is not the JSON driftless asked for.
    #[error("terraform {stage} printed output driftless cannot read: {reason}")]
    Output {
        /// The command.
        stage: Stage,
        /// Why it cannot be read.
        reason: String,
    },
    /// The plan JSON cannot be read.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// No prior state can be built from the plan.
    #[error(transparent)]
    PriorState(#[from] PriorStateError),
}

impl RunError {
    /// [`RunError::Io`] of `action` on `path`.
    pub(crate) fn io(action: &'static str, path: &std::path::Path, source: std::io::Error) -> Self {
        Self::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

fn first_error(diagnostics: &[TerraformDiagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let first = diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(ToString::to_string)
        .unwrap_or_default();
    if errors > 1 {
        format!("{first} (and {} more errors)", errors - 1)
    } else {
        first
    }
}
