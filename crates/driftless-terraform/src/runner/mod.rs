//! The Terraform runner: Terraform (or OpenTofu) run on scratch copies of a repository's root
//! modules, offline, so that a fix is checked by the real Terraform and provider before anyone
//! sees it.
//!
//! Never the user's tree, backend, lock file, CLI configuration or credentials: each
//! [`Workspace`] is a copy of one root module in a temporary folder (`copy`), with override
//! files that make every AWS provider configuration offline and the backend local
//! (`offline`), initialised from a local provider mirror through one plugin cache shared by
//! every run (a plan costs seconds, not a provider copy), and run with an environment that
//! cannot reach a cloud (`process`). Terraform's diagnostics come back as typed errors
//! pointing at the repository's files (`output`).
//!
//! Layers, each using only those above it:
//!
//! ```text
//! error            SetupError, RunError, Stage; the environment variables' names
//! process          one command: offline environment, time limit, process group
//! tool, mirror     finding the binary and its version; the provider mirror; the plugin cache
//! folder           what a module folder says: module calls, provider blocks, file reads
//! copy, offline    the scratch copy; the override files and the CLI configuration
//! output           diagnostics out of `-json` output, failures into RunError
//! inputs           placeholders for root module variables nothing sets
//! workspace        init, validate, plan, show, the prior state
//! ```

mod copy;
mod error;
mod folder;
mod inputs;
mod mirror;
mod offline;
mod output;
mod process;
mod tool;
mod workspace;

pub use error::{
    MIRROR_VARIABLE, PLUGIN_CACHE_VARIABLE, RunError, SetupError, Stage, TERRAFORM_VARIABLE,
};
pub use inputs::PLACEHOLDER;
pub use mirror::{AWS_PROVIDER, ProviderMirror, default_plugin_cache};
pub use offline::{DEFAULT_REGION, OVERRIDE_FILE, PROVIDER_FILE};
pub use process::DEAD_PROXY;
pub use tool::{Terraform, ToolName};
pub use workspace::{Against, Workspace};

use crate::prior::ProviderShapes;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// How long one Terraform command may run before it is stopped, unless the options say
/// otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_mins(5);

/// What to run with; each `None` is found as [`Runner::discover`] says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunnerOptions {
    /// The Terraform or OpenTofu binary (what the command line's `--terraform` gives).
    pub terraform: Option<PathBuf>,
    /// The provider mirror folder.
    pub mirror: Option<PathBuf>,
    /// The plugin cache folder.
    pub plugin_cache: Option<PathBuf>,
    /// How long one command may run.
    pub timeout: Duration,
}

impl Default for RunnerOptions {
    fn default() -> Self {
        Self {
            terraform: None,
            mirror: None,
            plugin_cache: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// Terraform, the provider mirror and the plugin cache, ready to open workspaces. One runner
/// serves many workspaces, from several threads.
#[derive(Debug)]
pub struct Runner {
    terraform: Terraform,
    mirror: ProviderMirror,
    plugin_cache: PathBuf,
    timeout: Duration,
    /// Resource type shapes by the lock file `init` wrote (the provider versions).
    shapes: Mutex<HashMap<String, Arc<ProviderShapes>>>,
}

impl Runner {
    /// Finds what `options` leaves open: the binary ([`Terraform::find`]), the mirror holding
    /// the AWS provider ([`ProviderMirror::find`]) and the plugin cache
    /// ([`default_plugin_cache`]).
    ///
    /// # Errors
    /// The [`SetupError`] of whatever is missing.
    pub fn discover(options: &RunnerOptions) -> Result<Self, SetupError> {
        let terraform = Terraform::find(options.terraform.as_deref())?;
        let mirror = ProviderMirror::find(options.mirror.as_deref(), terraform.name, AWS_PROVIDER)?;
        let plugin_cache = options
            .plugin_cache
            .clone()
            .unwrap_or_else(default_plugin_cache);
        Self::new(terraform, mirror, plugin_cache, options.timeout)
    }

    /// A runner of `terraform` with providers from `mirror`, cached in `plugin_cache`
    /// (created when missing).
    ///
    /// # Errors
    /// [`SetupError::PluginCache`] when the cache folder cannot be created.
    pub fn new(
        terraform: Terraform,
        mirror: ProviderMirror,
        plugin_cache: PathBuf,
        timeout: Duration,
    ) -> Result<Self, SetupError> {
        std::fs::create_dir_all(&plugin_cache).map_err(|source| SetupError::PluginCache {
            path: plugin_cache.clone(),
            source,
        })?;
        Ok(Self {
            terraform,
            mirror,
            plugin_cache,
            timeout,
            shapes: Mutex::new(HashMap::new()),
        })
    }

    /// The binary and its version.
    #[must_use]
    pub fn terraform(&self) -> &Terraform {
        &self.terraform
    }

    /// The provider mirror.
    #[must_use]
    pub fn mirror(&self) -> &ProviderMirror {
        &self.mirror
    }

    /// The plugin cache folder.
    #[must_use]
    pub fn plugin_cache(&self) -> &Path {
        &self.plugin_cache
    }

    /// Copies the root module `root_module` (repository-relative, `""` or `.` for the
    /// repository's root) of `repository` into a scratch folder and initialises it.
    ///
    /// # Errors
    /// [`RunError::NoRootModule`], [`RunError::RemoteModule`] and
    /// [`RunError::OutsideRepository`] for what cannot be copied; [`RunError::ProviderNotInMirror`]
    /// and [`RunError::Rejected`] when `init` fails (a syntax error is reported there).
    pub fn workspace(
        &self,
        repository: &Path,
        root_module: &str,
    ) -> Result<Workspace<'_>, RunError> {
        Workspace::create(self, repository, root_module)
    }

    fn cached_shapes(&self, key: &str) -> Option<Arc<ProviderShapes>> {
        let cache = self.shapes.lock().unwrap_or_else(PoisonError::into_inner);
        cache.get(key).cloned()
    }

    fn cache_shapes(&self, key: String, shapes: Arc<ProviderShapes>) {
        let mut cache = self.shapes.lock().unwrap_or_else(PoisonError::into_inner);
        cache.insert(key, shapes);
    }

    /// Holds the plugin cache for one `init`: Terraform does not guard its cache against
    /// concurrent installs, and other processes may share it. Released when dropped.
    fn lock_plugin_cache(&self) -> Result<std::fs::File, RunError> {
        let path = self.plugin_cache.join(".driftless.lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| RunError::io("open", &path, e))?;
        file.lock().map_err(|e| RunError::io("lock", &path, e))?;
        Ok(file)
    }
}
