//! One root module's scratch copy, initialised: validate it, plan it (against nothing, a state
//! file, or a prior state built from its own plan), patch its files.

use super::error::{RunError, Stage};
use super::offline::{self, OVERRIDE_FILE, PROVIDER_FILE};
use super::output::{self, Relocate};
use super::{Runner, copy, inputs, process};
use crate::diagnostic::TerraformDiagnostic;
use crate::plan::raw::RawPlan;
use crate::plan::{Plan, PlanAction};
use crate::prior::{self, MAX_SETTLE_ROUNDS, PriorState, ProviderShapes};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The state a plan starts from.
#[derive(Debug, Clone, Copy)]
pub enum Against<'a> {
    /// No state: every managed resource instance is a create.
    Empty,
    /// A state file (format version 4), copied into the scratch folder; the file itself is
    /// never written.
    StateFile(&'a Path),
    /// A state built from a plan of the unpatched configuration
    /// ([`Workspace::plan_with_prior_state`]).
    Prior(&'a PriorState),
}

/// A root module copied into a scratch folder and initialised (`init` with the local backend,
/// providers from the mirror through the shared plugin cache). The folder is removed when the
/// workspace is dropped. Its commands share the scratch folder's state and plan files, so
/// they take it one at a time (`&mut self`); workspaces of one runner can run side by side.
///
/// # Example
/// ```no_run
/// use driftless_terraform::{Against, Runner, RunnerOptions};
/// let runner = Runner::discover(&RunnerOptions::default())?;
/// let mut workspace = runner.workspace("repo".as_ref(), "envs/prod")?;
/// workspace.validate()?;
/// let (plan, prior) = workspace.plan_with_prior_state()?;
/// workspace.write_file("envs/prod/main.tf", "# the patched text")?;
/// let patched = workspace.plan(Against::Prior(&prior))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Workspace<'r> {
    runner: &'r Runner,
    scratch: tempfile::TempDir,
    /// The copy of the repository: `repo/` in the scratch folder.
    copy: PathBuf,
    root: String,
    /// Variable files given to every plan (`-var-file`), copied into the scratch folder.
    var_files: Vec<PathBuf>,
    /// Placeholder values of root module variables nothing sets (`-var NAME=VALUE`).
    placeholders: Vec<(String, String)>,
}

impl std::fmt::Debug for Workspace<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("root", &self.root)
            .field("scratch", &self.scratch.path())
            .finish_non_exhaustive()
    }
}

impl<'r> Workspace<'r> {
    /// Copies and initialises; see [`Runner::workspace`].
    pub(crate) fn create(
        runner: &'r Runner,
        repository: &Path,
        root: &str,
    ) -> Result<Self, RunError> {
        let scratch = tempfile::Builder::new()
            .prefix("driftless-terraform-")
            .tempdir()
            .map_err(|e| RunError::io("create", &std::env::temp_dir(), e))?;
        let copy_dir = scratch.path().join("repo");
        let copied = copy::copy_root(repository, root, &copy_dir)?;
        let root = copied
            .folders
            .first()
            .map(|(rel, _)| rel.clone())
            .unwrap_or_default();
        for (i, (rel, folder)) in copied.folders.iter().enumerate() {
            let dir = copy_dir.join(rel);
            if let Some(text) = offline::override_file(&folder.providers, i == 0) {
                write(&dir.join(OVERRIDE_FILE), &text)?;
            }
            if i == 0
                && let Some(text) = offline::provider_file(&folder.providers)
            {
                write(&dir.join(PROVIDER_FILE), &text)?;
            }
        }
        let workspace = Self {
            runner,
            scratch,
            copy: copy_dir,
            root,
            var_files: Vec::new(),
            placeholders: Vec::new(),
        };
        write(
            &workspace.cli_config(),
            &offline::cli_config(runner.mirror.path(), &runner.plugin_cache),
        )?;
        workspace.init()?;
        Ok(workspace)
    }

    /// The root module, repository-relative (`""` for the repository's root).
    #[must_use]
    pub fn root_module(&self) -> &str {
        &self.root
    }

    /// Gives every plan the variable files `files` (what `driftless scan --var-file` reads),
    /// after the root module's own `terraform.tfvars` and `*.auto.tfvars`. Each is copied into
    /// the scratch folder; the file itself is never written.
    ///
    /// # Errors
    /// [`RunError::Io`] when a file cannot be read or copied.
    pub fn use_var_files(&mut self, files: &[PathBuf]) -> Result<(), RunError> {
        for (i, file) in files.iter().enumerate() {
            let copy = self.scratch.path().join(format!("vars-{i}.tfvars"));
            std::fs::copy(file, &copy).map_err(|e| RunError::io("copy", file, e))?;
            self.var_files.push(copy);
        }
        Ok(())
    }

    /// The root module variables that nothing set and that plans give a placeholder value
    /// (see `inputs`), with that value, in the order Terraform reported them.
    #[must_use]
    pub fn placeholders(&self) -> &[(String, String)] {
        &self.placeholders
    }

    /// The scratch folder (the copy of the repository is its `repo/` folder).
    #[must_use]
    pub fn scratch(&self) -> &Path {
        self.scratch.path()
    }

    /// Replaces the text of the copy's file at `path` (repository-relative, `/`-separated),
    /// for planning a patched configuration.
    ///
    /// # Errors
    /// [`RunError::NotInCopy`] for a path that leads out of the copy, [`RunError::Io`] when
    /// the file cannot be written.
    pub fn write_file(&mut self, path: &str, text: &str) -> Result<(), RunError> {
        let rel = copy::join("", path)
            .filter(|r| !r.is_empty() && !Path::new(path).is_absolute())
            .ok_or_else(|| RunError::NotInCopy(path.to_owned()))?;
        let target = self.copy.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| RunError::io("create", parent, e))?;
        }
        write(&target, text)
    }

    /// `terraform validate -json`: the warnings when the configuration is valid.
    ///
    /// # Errors
    /// [`RunError::Rejected`] with Terraform's diagnostics when it is not; the errors of
    /// running a command otherwise.
    pub fn validate(&mut self) -> Result<Vec<TerraformDiagnostic>, RunError> {
        let done = self.run(Stage::Validate, &["validate", "-json", "-no-color"])?;
        let diagnostics = output::validated(&done.stdout, &self.relocate())?;
        if done.status.success() && !diagnostics.iter().any(TerraformDiagnostic::is_error) {
            return Ok(diagnostics);
        }
        Err(self.failure(Stage::Validate, diagnostics, &done))
    }

    /// `terraform plan -refresh=false -lock=false` against `against`, then `show -json` of
    /// the plan: what it does to each resource instance, its planned values (secrets removed)
    /// and the warnings.
    ///
    /// # Errors
    /// [`RunError::NeedsApi`] when planning needs a call to the provider's API,
    /// [`RunError::Rejected`] with Terraform's diagnostics when the plan fails otherwise,
    /// [`RunError::Timeout`], [`RunError::Plan`] when the plan JSON cannot be read.
    pub fn plan(&mut self, against: Against<'_>) -> Result<Plan, RunError> {
        let (raw, warnings) = self.plan_raw(against)?;
        let mut plan = Plan::from_raw(&raw)?;
        plan.warnings = warnings;
        Ok(plan)
    }

    /// Plans against no state, and builds from that plan the state the configuration would
    /// have once applied ([`PriorState`]), to plan a patched configuration against; then
    /// settles it: plans the unchanged configuration against it until that changes nothing
    /// (at most [`MAX_SETTLE_ROUNDS`] more plans, one when nothing needs settling), keeping
    /// what it still changes ([`PriorState::residual`]). The resource types' shapes come from
    /// `terraform providers schema -json`, read once per set of provider versions and kept by
    /// the runner.
    ///
    /// # Errors
    /// Those of [`Workspace::plan`], and [`RunError::PriorState`] when the state cannot be
    /// built.
    pub fn plan_with_prior_state(&mut self) -> Result<(Plan, PriorState), RunError> {
        let (raw, warnings) = self.plan_raw(Against::Empty)?;
        let shapes = self.shapes()?;
        let mut prior = prior::build(&raw, &shapes)?;
        let mut plan = Plan::from_raw(&raw)?;
        plan.warnings = warnings;
        for round in 1..=MAX_SETTLE_ROUNDS {
            let (check, _) = self.plan_raw(Against::Prior(&prior))?;
            let baseline = Plan::from_raw(&check)?;
            if baseline.changes_nothing() {
                break;
            }
            if round == MAX_SETTLE_ROUNDS || !prior::settle(&mut prior, &check) {
                let residual = baseline.changes.into_iter();
                prior.set_residual(
                    residual
                        .filter(|c| !matches!(c.action, PlanAction::NoOp | PlanAction::Read))
                        .collect(),
                );
                break;
            }
        }
        Ok((plan, prior))
    }

    fn plan_raw(
        &mut self,
        against: Against<'_>,
    ) -> Result<(RawPlan, Vec<TerraformDiagnostic>), RunError> {
        let state = self.root_dir().join("terraform.tfstate");
        match std::fs::remove_file(&state) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(RunError::io("remove", &state, e));
            }
            _ => {}
        }
        match against {
            Against::Empty => {}
            Against::StateFile(path) => {
                std::fs::copy(path, &state).map_err(|e| RunError::io("copy", path, e))?;
            }
            Against::Prior(prior) => write(&state, &prior.text())?,
        }
        let plan_file = self.scratch.path().join("plan.tfplan");
        let diagnostics = loop {
            let mut args: Vec<OsString> = [
                "plan",
                "-refresh=false",
                "-lock=false",
                "-input=false",
                "-no-color",
                "-json",
            ]
            .iter()
            .map(OsString::from)
            .collect();
            let mut out = OsString::from("-out=");
            out.push(&plan_file);
            args.push(out);
            for file in &self.var_files {
                let mut arg = OsString::from("-var-file=");
                arg.push(file);
                args.push(arg);
            }
            for (name, value) in &self.placeholders {
                args.push(OsString::from("-var"));
                args.push(OsString::from(format!("{name}={value}")));
            }
            let args: Vec<&OsStr> = args.iter().map(OsString::as_os_str).collect();
            let done = self.run_os(Stage::Plan, &args)?;
            let diagnostics = output::streamed(&done.stdout, &self.relocate());
            if done.status.success() {
                break diagnostics;
            }
            // Variables nothing sets get a placeholder, once.
            let unset: Vec<String> = inputs::unset_variables(&diagnostics)
                .into_iter()
                .filter(|n| !self.placeholders.iter().any(|(p, _)| p == n))
                .collect();
            if unset.is_empty() {
                return Err(self.failure(Stage::Plan, diagnostics, &done));
            }
            let dir = self.root_dir();
            self.placeholders.extend(unset.into_iter().map(|name| {
                let value = inputs::placeholder(&dir, &name);
                (name, value)
            }));
        };
        let shown = self.run_os(
            Stage::Show,
            &[
                OsStr::new("show"),
                OsStr::new("-json"),
                plan_file.as_os_str(),
            ],
        )?;
        if !shown.status.success() {
            return Err(self.failure(Stage::Show, Vec::new(), &shown));
        }
        let raw = RawPlan::parse(&shown.stdout)?;
        Ok((raw, diagnostics))
    }

    /// The shapes of the resource types of the providers `init` installed.
    fn shapes(&self) -> Result<Arc<ProviderShapes>, RunError> {
        let lock = std::fs::read_to_string(self.root_dir().join(".terraform.lock.hcl"))
            .unwrap_or_default();
        if let Some(shapes) = self.runner.cached_shapes(&lock) {
            return Ok(shapes);
        }
        let done = self.run(Stage::Schema, &["providers", "schema", "-json"])?;
        if !done.status.success() {
            return Err(self.failure(Stage::Schema, Vec::new(), &done));
        }
        let shapes = Arc::new(ProviderShapes::read(&done.stdout)?);
        self.runner.cache_shapes(lock, Arc::clone(&shapes));
        Ok(shapes)
    }

    /// `terraform init`: the local backend (the override says so), providers from the mirror
    /// through the plugin cache, which one init at a time fills.
    fn init(&self) -> Result<(), RunError> {
        let _lock = self.runner.lock_plugin_cache()?;
        let done = self.run(Stage::Init, &["init", "-input=false", "-no-color", "-json"])?;
        if done.status.success() {
            return Ok(());
        }
        let diagnostics = output::streamed(&done.stdout, &self.relocate());
        Err(self.failure(Stage::Init, diagnostics, &done))
    }

    fn run(&self, stage: Stage, args: &[&str]) -> Result<process::Finished, RunError> {
        let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        self.run_os(stage, &args)
    }

    fn run_os(&self, stage: Stage, args: &[&OsStr]) -> Result<process::Finished, RunError> {
        let config = self.cli_config();
        process::run(
            &self.runner.terraform.binary,
            args,
            &self.root_dir(),
            &[
                ("TF_CLI_CONFIG_FILE", config.as_os_str()),
                ("TF_PLUGIN_CACHE_DIR", self.runner.plugin_cache.as_os_str()),
            ],
            self.runner.timeout,
            stage,
        )
    }

    fn failure(
        &self,
        stage: Stage,
        diagnostics: Vec<TerraformDiagnostic>,
        done: &process::Finished,
    ) -> RunError {
        output::failure(
            stage,
            diagnostics,
            self.runner.mirror.path(),
            done.status_text(),
            done.tail(),
        )
    }

    fn relocate(&self) -> Relocate<'_> {
        Relocate {
            root: &self.root,
            copy: &self.copy,
        }
    }

    fn root_dir(&self) -> PathBuf {
        self.copy.join(&self.root)
    }

    fn cli_config(&self) -> PathBuf {
        self.scratch.path().join("driftless.tfrc")
    }
}

fn write(path: &Path, text: &str) -> Result<(), RunError> {
    std::fs::write(path, text).map_err(|e| RunError::io("write", path, e))
}
