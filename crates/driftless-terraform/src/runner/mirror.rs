//! Where providers come from: a local filesystem mirror, never the network; and the plugin
//! cache every run shares.
//!
//! Driftless writes its own CLI configuration for every run and never reads the user's
//! (`TF_CLI_CONFIG_FILE`, `~/.terraformrc`): that file may ask for direct installation from a
//! registry, or hold registry credentials. A user whose providers come from the network makes a
//! local mirror once with `terraform providers mirror DIR` and points driftless at it.

use super::error::{MIRROR_VARIABLE, PLUGIN_CACHE_VARIABLE, SetupError};
use super::tool::ToolName;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The provider every verification plans with, as a source address without its host.
pub const AWS_PROVIDER: &str = "hashicorp/aws";

/// A local filesystem mirror of providers: the folder that holds `<host>/<namespace>/<type>/`
/// (packed `.zip` files or unpacked version folders, as Terraform reads either).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderMirror {
    path: PathBuf,
}

impl ProviderMirror {
    /// The mirror that holds `provider` (`hashicorp/aws`) for `tool`: `explicit` when given,
    /// else `$DRIFTLESS_PROVIDER_MIRROR`, else the first of Terraform's implied local mirror
    /// folders that holds it (`~/.terraform.d/plugins`, `$XDG_DATA_HOME/terraform/plugins`
    /// or `~/.local/share/terraform/plugins`, `/usr/local/share/terraform/plugins`,
    /// `/usr/share/terraform/plugins`).
    ///
    /// # Errors
    /// [`SetupError::MirrorWithoutProvider`] when the folder given (or named by the variable)
    /// does not hold the provider, [`SetupError::NoMirror`] when no folder is given and no
    /// implied one holds it.
    pub fn find(
        explicit: Option<&Path>,
        tool: ToolName,
        provider: &str,
    ) -> Result<Self, SetupError> {
        locate(explicit, tool, provider, |name| std::env::var_os(name))
    }

    /// `path` as a mirror, without checking what it holds.
    #[must_use]
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The mirror folder.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the mirror holds some release of `provider` (`hashicorp/aws`) under the
    /// registry host of `tool`.
    #[must_use]
    pub fn holds(&self, tool: ToolName, provider: &str) -> bool {
        self.path.join(tool.registry()).join(provider).is_dir()
    }
}

/// [`ProviderMirror::find`] with `env` reading the environment.
pub(crate) fn locate(
    explicit: Option<&Path>,
    tool: ToolName,
    provider: &str,
    env: impl Fn(&str) -> Option<OsString>,
) -> Result<ProviderMirror, SetupError> {
    let full = format!("{}/{provider}", tool.registry());
    let chosen = explicit.map(Path::to_path_buf).or_else(|| {
        env(MIRROR_VARIABLE)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    if let Some(path) = chosen {
        let mirror = ProviderMirror::at(path);
        return if mirror.holds(tool, provider) {
            Ok(mirror)
        } else {
            Err(SetupError::MirrorWithoutProvider {
                mirror: mirror.path,
                provider: full,
            })
        };
    }
    implied_folders(&env)
        .into_iter()
        .map(ProviderMirror::at)
        .find(|m| m.holds(tool, provider))
        .ok_or(SetupError::NoMirror { provider: full })
}

/// Terraform's implied local mirror folders on Unix, in its order
/// (<https://developer.hashicorp.com/terraform/cli/config/config-file#implied-local-mirror-directories>).
fn implied_folders(env: &impl Fn(&str) -> Option<OsString>) -> Vec<PathBuf> {
    let home = env("HOME").filter(|h| !h.is_empty()).map(PathBuf::from);
    let data_home = env("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
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
    .collect()
}

/// The plugin cache every run shares: `$DRIFTLESS_PLUGIN_CACHE`, else
/// `$XDG_CACHE_HOME/driftless/terraform-plugins`, else `~/.cache/driftless/terraform-plugins`,
/// else a folder of that name in the system's temporary folder.
#[must_use]
pub fn default_plugin_cache() -> PathBuf {
    plugin_cache_from(|name| std::env::var_os(name))
}

pub(crate) fn plugin_cache_from(env: impl Fn(&str) -> Option<OsString>) -> PathBuf {
    if let Some(dir) = env(PLUGIN_CACHE_VARIABLE).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    let cache = env("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            env("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".cache"))
        })
        .unwrap_or_else(std::env::temp_dir);
    cache.join("driftless").join("terraform-plugins")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mirror_given_must_hold_the_provider() {
        let dir = tempfile::tempdir().unwrap();
        let env = |_: &str| None;
        let e = locate(Some(dir.path()), ToolName::Terraform, AWS_PROVIDER, env).unwrap_err();
        assert!(matches!(e, SetupError::MirrorWithoutProvider { .. }), "{e}");
        std::fs::create_dir_all(
            dir.path()
                .join("registry.terraform.io/hashicorp/aws/5.100.0"),
        )
        .unwrap();
        let found = locate(Some(dir.path()), ToolName::Terraform, AWS_PROVIDER, env).unwrap();
        assert_eq!(found.path(), dir.path());
        assert!(!found.holds(ToolName::OpenTofu, AWS_PROVIDER));
    }

    #[test]
    fn the_variable_then_the_implied_folders() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        let implied = home.join(".terraform.d/plugins");
        std::fs::create_dir_all(implied.join("registry.terraform.io/hashicorp/aws")).unwrap();
        let vars = |mirror: Option<PathBuf>| {
            let home = home.clone();
            move |name: &str| match name {
                "HOME" => Some(home.clone().into_os_string()),
                MIRROR_VARIABLE => mirror.clone().map(PathBuf::into_os_string),
                _ => None,
            }
        };
        let found = locate(None, ToolName::Terraform, AWS_PROVIDER, vars(None)).unwrap();
        assert_eq!(found.path(), implied);
        let e = locate(
            None,
            ToolName::Terraform,
            AWS_PROVIDER,
            vars(Some(dir.path().join("none"))),
        )
        .unwrap_err();
        assert!(matches!(e, SetupError::MirrorWithoutProvider { .. }), "{e}");
        let e = locate(None, ToolName::OpenTofu, AWS_PROVIDER, vars(None)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "no local mirror of registry.opentofu.org/hashicorp/aws: set DRIFTLESS_PROVIDER_MIRROR \
             to a folder holding it (`terraform providers mirror DIR` writes one; driftless never \
             installs providers from the network)"
        );
    }

    #[test]
    fn the_plugin_cache_folder() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| OsString::from(v))
            }
        };
        assert_eq!(
            plugin_cache_from(env(&[(PLUGIN_CACHE_VARIABLE, "/c"), ("HOME", "/h")])),
            Path::new("/c")
        );
        assert_eq!(
            plugin_cache_from(env(&[("XDG_CACHE_HOME", "/x"), ("HOME", "/h")])),
            Path::new("/x/driftless/terraform-plugins")
        );
        assert_eq!(
            plugin_cache_from(env(&[("HOME", "/h")])),
            Path::new("/h/.cache/driftless/terraform-plugins")
        );
    }
}
