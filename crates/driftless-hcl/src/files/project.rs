//! Loading a repository: walk, parse in parallel, group files into module folders, find the
//! root modules and the `.tfvars` files that feed them.

use crate::files::model::{ModuleSource, VarsFile};
use crate::files::parse::{ParsedFile, parse_file};
use crate::files::source::SourceFile;
use crate::files::walk::{FileKind, relative_path, walk};
use driftless_diagnostics::{InputError, InputErrorKind};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// How to load a repository.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Extra variable files (`--var-file`), applied after `terraform.tfvars` and
    /// `*.auto.tfvars`, in order, to every root module.
    pub var_files: Vec<PathBuf>,
    /// File texts to use instead of the files on disk, by repository-relative path: the fix
    /// engine scans patched trees without writing them.
    pub overlay: Option<Arc<BTreeMap<String, String>>>,
    /// Read nothing outside the scanned folder: a symbolic link whose target lies outside it
    /// is not followed, a module folder outside it (`source = "../../x"`) and a variable file
    /// outside it are not read; each is reported as skipped. For repositories driftless does
    /// not trust (campaigns scan whatever was pushed): without it, a link to a server file
    /// would put that file's lines into findings, diffs and pull requests.
    pub confine_to_root: bool,
}

impl LoadOptions {
    /// Reads `abs_path` shown as `path`, from the overlay when it holds that path.
    fn read(
        &self,
        abs_path: &Path,
        path: String,
        editable: bool,
    ) -> Result<SourceFile, InputError> {
        match self.overlay.as_ref().and_then(|o| o.get(&path)) {
            Some(text) => Ok(SourceFile::from_text(
                text.clone(),
                abs_path.to_path_buf(),
                path,
                editable,
            )),
            None => SourceFile::read(abs_path, path, editable),
        }
    }
}

/// A loaded repository: its module folders, root modules, variable files and the inputs that
/// failed.
#[derive(Debug)]
pub struct Project {
    /// The repository root, absolute.
    pub root: PathBuf,
    /// The canonical root when loading is confined to it ([`LoadOptions::confine_to_root`]).
    confine: Option<PathBuf>,
    /// Module folders by absolute path; grows as fetched modules are loaded on demand.
    modules: Mutex<HashMap<PathBuf, Option<Arc<ModuleSource>>>>,
    /// Every file read, by repository-relative path; grows with modules loaded on demand.
    files: Mutex<BTreeMap<String, Arc<SourceFile>>>,
    /// Root module folders, repository-relative, sorted.
    pub roots: Vec<String>,
    /// `.tfvars` files of each folder (repository-relative), `terraform.tfvars` first, then
    /// `*.auto.tfvars` in lexical order.
    pub vars_files: BTreeMap<String, Vec<VarsFile>>,
    /// `--var-file` files.
    pub extra_vars: Vec<VarsFile>,
    /// Values of root module variables given from outside the code, by root module folder
    /// (repository-relative, `.` for the root): a plan's `variables` (`scan --state
    /// plan.json`). They win over `.tfvars` files and defaults, as `-var` does, and carry no
    /// origin (no edit is made where they are set).
    pub root_values: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
    /// Inputs that failed or were skipped while loading.
    pub errors: Vec<InputError>,
    options: LoadOptions,
}

impl Project {
    /// Walks and parses the repository at `root` (a folder or one file).
    #[must_use]
    pub fn load(root: &Path, options: &LoadOptions) -> Self {
        let root_abs = normalize(&std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()));
        let base = if root_abs.is_file() {
            root_abs.parent().unwrap_or(Path::new("/")).to_path_buf()
        } else {
            root_abs.clone()
        };
        let mut walked = walk(&root_abs);
        let confine = options
            .confine_to_root
            .then(|| std::fs::canonicalize(&base).unwrap_or_else(|_| base.clone()));
        if let Some(inside) = &confine {
            let (kept, outside): (Vec<_>, Vec<_>) = walked
                .files
                .into_iter()
                .partition(|f| is_inside(&f.abs_path, inside));
            walked.files = kept;
            walked
                .errors
                .extend(outside.into_iter().map(|f| outside_error(f.path)));
        }
        let mut errors = walked.errors;
        let (json_vars, walked_files): (Vec<_>, Vec<_>) = walked
            .files
            .into_iter()
            .partition(|f| f.kind == FileKind::VarsJson);
        let parsed: Vec<(FileKind, Result<ParsedFile, InputError>)> = walked_files
            .par_iter()
            .map(|f| {
                let result = options
                    .read(&f.abs_path, f.path.clone(), true)
                    .and_then(parse_file);
                (f.kind, result)
            })
            .collect();
        let mut by_dir: BTreeMap<String, Vec<Arc<ParsedFile>>> = BTreeMap::new();
        let mut vars_by_dir: BTreeMap<String, Vec<VarsFile>> = BTreeMap::new();
        let mut files = BTreeMap::new();
        for (kind, result) in parsed {
            match result {
                Ok(p) => {
                    files.insert(p.source.path.clone(), p.source.clone());
                    let dir = parent_dir(&p.source.path);
                    match kind {
                        FileKind::Config => by_dir.entry(dir).or_default().push(Arc::new(p)),
                        FileKind::Vars | FileKind::VarsJson => {
                            if loaded_automatically(&p.source.path) {
                                vars_by_dir
                                    .entry(dir)
                                    .or_default()
                                    .push(VarsFile::from_parsed(&p));
                            }
                        }
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        for f in json_vars
            .into_iter()
            .filter(|f| loaded_automatically(&f.path))
        {
            match options
                .read(&f.abs_path, f.path.clone(), true)
                .and_then(|source| VarsFile::from_json(Arc::new(source)))
            {
                Ok(v) => {
                    files.insert(v.file.path.clone(), v.file.clone());
                    vars_by_dir
                        .entry(parent_dir(&v.file.path))
                        .or_default()
                        .push(v);
                }
                Err(e) => errors.push(e),
            }
        }
        // Terraform's order: terraform.tfvars, terraform.tfvars.json, then the *.auto.tfvars
        // and *.auto.tfvars.json files in lexical order of their names.
        for list in vars_by_dir.values_mut() {
            list.sort_by_key(|v| {
                let name = v
                    .file
                    .path
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                (
                    match name.as_str() {
                        "terraform.tfvars" => 0,
                        "terraform.tfvars.json" => 1,
                        _ => 2,
                    },
                    name,
                )
            });
        }
        let mut modules = HashMap::new();
        let mut called: BTreeSet<PathBuf> = BTreeSet::new();
        for (dir, parsed) in &by_dir {
            let abs_dir = if dir == "." {
                base.clone()
            } else {
                base.join(dir)
            };
            let source = ModuleSource::from_files(dir.clone(), abs_dir.clone(), true, parsed);
            for call in source.module_calls.iter().filter(|c| c.is_local()) {
                let target = normalize(&abs_dir.join(call.source.as_deref().unwrap_or(".")));
                // A folder that calls itself is still a root: the call is reported when
                // evaluated, and the folder is scanned.
                if target != normalize(&abs_dir) {
                    called.insert(target);
                }
            }
            modules.insert(normalize(&abs_dir), Some(Arc::new(source)));
        }
        let mut roots: Vec<String> = modules
            .iter()
            .filter(|(abs, _)| !called.contains(*abs))
            .filter_map(|(_, m)| m.as_ref().map(|m| m.dir.clone()))
            .collect();
        roots.sort();
        let mut extra_vars = Vec::new();
        for path in &options.var_files {
            let rel = relative_path(
                &base,
                &std::path::absolute(path).unwrap_or_else(|_| path.clone()),
            );
            if confine
                .as_ref()
                .is_some_and(|inside| !is_inside(path, inside))
            {
                errors.push(outside_error(rel));
                continue;
            }
            let read = options.read(path, rel, true);
            let vars = if path.extension().is_some_and(|e| e == "json") {
                read.and_then(|source| VarsFile::from_json(Arc::new(source)))
            } else {
                read.and_then(parse_file).map(|p| VarsFile::from_parsed(&p))
            };
            match vars {
                Ok(v) => {
                    files.insert(v.file.path.clone(), v.file.clone());
                    extra_vars.push(v);
                }
                Err(e) => errors.push(e),
            }
        }
        Self {
            root: base,
            confine,
            modules: Mutex::new(modules),
            files: Mutex::new(files),
            roots,
            vars_files: vars_by_dir,
            extra_vars,
            root_values: BTreeMap::new(),
            errors,
            options: options.clone(),
        }
    }

    /// The module folder at absolute path `abs_dir`, loading and parsing it on first use
    /// (modules fetched into `.terraform/modules`, or local modules outside the walk).
    /// `None` when the folder holds no `.tf` file. Parse errors of a loaded folder are
    /// returned once, in the second element.
    ///
    /// # Panics
    /// Panics if a thread panicked while it held the module cache or the file map.
    pub fn module(&self, abs_dir: &Path) -> (Option<Arc<ModuleSource>>, Vec<InputError>) {
        let key = normalize(abs_dir);
        if let Some(m) = self.modules.lock().expect("module cache").get(&key) {
            return (m.clone(), Vec::new());
        }
        let editable = !key.components().any(|c| c.as_os_str() == ".terraform");
        let mut errors = Vec::new();
        if self
            .confine
            .as_ref()
            .is_some_and(|inside| !is_inside(&key, inside))
        {
            errors.push(outside_error(relative_path(&self.root, &key)));
            self.modules.lock().expect("module cache").insert(key, None);
            return (None, errors);
        }
        let mut parsed = Vec::new();
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&key)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for path in entries
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "tf") && p.is_file())
        {
            let rel = relative_path(&self.root, &path);
            if self
                .confine
                .as_ref()
                .is_some_and(|inside| !is_inside(&path, inside))
            {
                errors.push(outside_error(rel));
                continue;
            }
            match self.options.read(&path, rel, editable).and_then(parse_file) {
                Ok(p) => parsed.push(Arc::new(p)),
                Err(e) => errors.push(e),
            }
        }
        let module = if parsed.is_empty() {
            None
        } else {
            let mut files = self.files.lock().expect("file map");
            for p in &parsed {
                files.insert(p.source.path.clone(), p.source.clone());
            }
            Some(Arc::new(ModuleSource::from_files(
                relative_path(&self.root, &key),
                key.clone(),
                editable,
                &parsed,
            )))
        };
        self.modules
            .lock()
            .expect("module cache")
            .insert(key, module.clone());
        (module, errors)
    }

    /// The module folder of root module `dir` (repository-relative).
    ///
    /// # Panics
    /// Panics if a thread panicked while it held the module cache.
    #[must_use]
    pub fn root_module(&self, dir: &str) -> Option<Arc<ModuleSource>> {
        let abs = if dir == "." {
            self.root.clone()
        } else {
            self.root.join(dir)
        };
        self.modules
            .lock()
            .expect("module cache")
            .get(&normalize(&abs))
            .cloned()
            .flatten()
    }

    /// Every file read so far, by repository-relative path.
    ///
    /// # Panics
    /// Panics if a thread panicked while it held the file map.
    #[must_use]
    pub fn files(&self) -> BTreeMap<String, Arc<SourceFile>> {
        self.files.lock().expect("file map").clone()
    }

    /// One file read so far.
    ///
    /// # Panics
    /// Panics if a thread panicked while it held the file map.
    #[must_use]
    pub fn file(&self, path: &str) -> Option<Arc<SourceFile>> {
        self.files.lock().expect("file map").get(path).cloned()
    }
}

/// Whether Terraform loads the variables file `path` (repository-relative) without being
/// told: `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars`, `*.auto.tfvars.json`.
fn loaded_automatically(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    matches!(name, "terraform.tfvars" | "terraform.tfvars.json")
        || name.ends_with(".auto.tfvars")
        || name.ends_with(".auto.tfvars.json")
}

/// Whether `path`, with every symbolic link resolved, lies under `inside` (a canonical
/// folder). A path that cannot be resolved (a dangling link) counts as outside.
fn is_inside(path: &Path, inside: &Path) -> bool {
    std::fs::canonicalize(path).is_ok_and(|p| p.starts_with(inside))
}

/// The error of an input left out by [`LoadOptions::confine_to_root`]; it does not name
/// where a link points, which may itself be sensitive.
fn outside_error(path: String) -> InputError {
    InputError {
        kind: InputErrorKind::Skipped,
        path,
        position: None,
        message: "leads outside the repository (a symbolic link or a path with `..`); not read"
            .to_owned(),
    }
}

/// The folder part of a repository-relative path, `.` at the top.
#[must_use]
pub fn parent_dir(path: &str) -> String {
    path.rsplit_once('/')
        .map_or_else(|| ".".to_owned(), |(d, _)| d.to_owned())
}

/// Removes `.` and folds `..` lexically, without touching the file system (so symbolic links
/// are kept as the user wrote them).
#[must_use]
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
