//! Finding Terraform (or OpenTofu) and reading its version.

use super::error::{SetupError, Stage, TERRAFORM_VARIABLE};
use super::process;
use serde::Deserialize;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long `version -json` may take.
const VERSION_TIMEOUT: Duration = Duration::from_mins(1);

/// Which tool a binary is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ToolName {
    /// Terraform, by `HashiCorp`.
    Terraform,
    /// OpenTofu, told apart by its binary's name (`tofu`): its `version -json` has the same
    /// fields as Terraform's.
    OpenTofu,
}

impl ToolName {
    /// The registry host the tool resolves a provider's short source (`hashicorp/aws`) to.
    #[must_use]
    pub fn registry(self) -> &'static str {
        match self {
            Self::Terraform => "registry.terraform.io",
            Self::OpenTofu => "registry.opentofu.org",
        }
    }
}

impl fmt::Display for ToolName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Terraform => "Terraform",
            Self::OpenTofu => "OpenTofu",
        })
    }
}

/// A Terraform or OpenTofu binary and its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terraform {
    /// The binary.
    pub binary: PathBuf,
    /// Terraform or OpenTofu.
    pub name: ToolName,
    /// Its version, `1.11.4`.
    pub version: String,
    /// Its platform, `linux_amd64`.
    pub platform: String,
}

impl fmt::Display for Terraform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({})",
            self.name,
            self.version,
            self.binary.display()
        )
    }
}

impl Terraform {
    /// Finds the binary and reads its version: `explicit` when given (a path, or a name
    /// looked up on the `PATH`), else `$DRIFTLESS_TERRAFORM`, else `terraform`, else `tofu` on
    /// the `PATH`.
    ///
    /// # Errors
    /// [`SetupError::NoTerraform`] when nothing is found, [`SetupError::Version`] when the
    /// binary found does not answer `version -json`.
    pub fn find(explicit: Option<&Path>) -> Result<Self, SetupError> {
        let binary =
            locate(explicit, |name| std::env::var_os(name)).ok_or(SetupError::NoTerraform)?;
        Self::at(&binary)
    }

    /// The binary at `binary`, with its version from `version -json`.
    ///
    /// # Errors
    /// [`SetupError::Version`] when it cannot be run or does not print its version.
    pub fn at(binary: &Path) -> Result<Self, SetupError> {
        let failed = |reason: String| SetupError::Version {
            binary: binary.to_path_buf(),
            reason,
        };
        let dir = std::env::temp_dir();
        let done = process::run(
            binary,
            &[OsStr::new("version"), OsStr::new("-json")],
            &dir,
            &[],
            VERSION_TIMEOUT,
            Stage::Version,
        )
        .map_err(|e| failed(e.to_string()))?;
        if !done.status.success() {
            return Err(failed(format!("{}: {}", done.status_text(), done.tail())));
        }
        let version: RawVersion = serde_json::from_str(&done.stdout)
            .map_err(|_| failed("`version -json` printed no version".to_owned()))?;
        let stem = binary
            .file_stem()
            .map(OsStr::to_string_lossy)
            .unwrap_or_default();
        Ok(Self {
            binary: binary.to_path_buf(),
            name: if stem.starts_with("tofu") {
                ToolName::OpenTofu
            } else {
                ToolName::Terraform
            },
            version: version.terraform_version,
            platform: version.platform,
        })
    }
}

#[derive(Deserialize)]
struct RawVersion {
    terraform_version: String,
    #[serde(default)]
    platform: String,
}

/// The binary to use: `explicit` (a path, or a bare name looked up on the `PATH`), else the
/// environment's `DRIFTLESS_TERRAFORM`, else `terraform` or `tofu` on the `PATH`. `env` reads
/// an environment variable.
pub(crate) fn locate(
    explicit: Option<&Path>,
    env: impl Fn(&str) -> Option<OsString>,
) -> Option<PathBuf> {
    let path = env("PATH");
    let chosen = explicit.map(Path::to_path_buf).or_else(|| {
        env(TERRAFORM_VARIABLE)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    match chosen {
        Some(binary) if binary.components().count() == 1 => {
            on_path(path.as_deref(), binary.as_os_str()).or(Some(binary))
        }
        Some(binary) => Some(binary),
        None => on_path(path.as_deref(), OsStr::new("terraform"))
            .or_else(|| on_path(path.as_deref(), OsStr::new("tofu"))),
    }
}

/// `name` in the first folder of `path` that has it.
fn on_path(path: Option<&OsStr>, name: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(path?)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &Path)]) -> impl Fn(&str) -> Option<OsString> {
        let vars: HashMap<String, OsString> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.as_os_str().to_owned()))
            .collect();
        move |name| vars.get(name).cloned()
    }

    #[test]
    fn explicit_then_variable_then_terraform_then_tofu() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(b.join("tofu"), "").unwrap();
        let path = std::env::join_paths([&a, &b]).unwrap();
        let path = Path::new(&path);
        assert_eq!(locate(None, env(&[("PATH", path)])), Some(b.join("tofu")));
        std::fs::write(b.join("terraform"), "").unwrap();
        assert_eq!(
            locate(None, env(&[("PATH", path)])),
            Some(b.join("terraform"))
        );
        let pinned = Path::new("/opt/tf/terraform");
        assert_eq!(
            locate(None, env(&[("PATH", path), (TERRAFORM_VARIABLE, pinned)])).as_deref(),
            Some(pinned)
        );
        assert_eq!(
            locate(
                Some(Path::new("tofu")),
                env(&[("PATH", path), (TERRAFORM_VARIABLE, pinned)])
            ),
            Some(b.join("tofu"))
        );
        assert_eq!(locate(None, env(&[("PATH", &a)])), None);
    }
}
