//! The scratch copy of a root module: what Terraform needs to plan it, and nothing of the
//! user's working state.
//!
//! Copied, keeping their places relative to the repository's root (so `../modules/x` and
//! `${path.module}/...` resolve as in the repository): the root module's folder, every local
//! module folder it calls (transitively), and in each of them the files and the subfolders that
//! are not module folders themselves (`templates/`, `policies/`: what `${path.module}/...`
//! reads); then any other file or folder of the repository a file function reads by a written
//! path (`file("../shared/policy.json")`).
//!
//! Never copied: hidden folders (`.git`, `.terraform`, `.terragrunt-cache`...),
//! `.terraform.lock.hcl`, state files (`*.tfstate*`, `terraform.tfstate.d`), and symbolic links
//! that lead out of the repository (a linked file inside it is copied as a file; a linked
//! folder is skipped). A module call whose source is not a local folder is refused: installing
//! it would need the network.

use super::error::RunError;
use super::folder::{self, Base, Folder};
use super::offline::{OVERRIDE_FILE, PROVIDER_FILE};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The module folders copied, each with what it says: the root module first.
pub(crate) struct Copied {
    pub(crate) folders: Vec<(String, Folder)>,
}

/// `rel` (a `/`-separated relative path) joined to the repository-relative folder `base`,
/// with `.` and `..` resolved; `None` when it leads above the repository's root.
pub(crate) fn join(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// Whether an entry of the repository is left out of every copy.
fn excluded(name: &str, is_dir: bool) -> bool {
    if is_dir {
        name.starts_with('.') || name == "terraform.tfstate.d"
    } else {
        name == ".terraform.lock.hcl" || name.contains(".tfstate")
    }
}

/// Copies what the root module `root` (repository-relative, `""` for the root) of `repo`
/// needs into `dest`.
pub(crate) fn copy_root(repo: &Path, root: &str, dest: &Path) -> Result<Copied, RunError> {
    let canonical = canonical(repo)?;
    let root = join("", root)
        .filter(|r| repo.join(r).is_dir())
        .ok_or_else(|| RunError::NoRootModule(root.to_owned()))?;
    let mut copier = Copier {
        repo,
        canonical,
        dest,
    };
    let mut folders: Vec<(String, Folder)> = Vec::new();
    let mut queue = vec![root.clone()];
    let mut seen = BTreeSet::from([root.clone()]);
    while let Some(rel) = queue.pop() {
        let source = repo.join(&rel);
        copier.check_inside(&source, &rel, "module folder")?;
        let read = folder::read(&source, &rel).map_err(|e| RunError::io("read", &source, e))?;
        for call in &read.calls {
            let local = call.source.starts_with("./") || call.source.starts_with("../");
            if !local && !call.source.starts_with('/') {
                return Err(RunError::RemoteModule {
                    call: call.name.clone(),
                    from: call.source.clone(),
                    location: call.at.clone(),
                });
            }
            let target = join(&rel, &call.source).filter(|_| local).ok_or_else(|| {
                RunError::OutsideRepository {
                    path: call.source.clone(),
                    location: call.at.clone(),
                }
            })?;
            if repo.join(&target).is_dir() && seen.insert(target.clone()) {
                queue.push(target);
            }
        }
        copier.folder(&rel, true)?;
        folders.push((rel, read));
    }
    for (rel, read) in &folders {
        for file_read in &read.reads {
            let base = match file_read.base {
                Base::Module => rel.as_str(),
                Base::Root => root.as_str(),
            };
            // A path outside the repository is not copied; Terraform says so if it matters.
            if let Some(target) = join(base, &file_read.path) {
                copier.extra(&target)?;
            }
        }
    }
    Ok(Copied { folders })
}

struct Copier<'a> {
    repo: &'a Path,
    canonical: PathBuf,
    dest: &'a Path,
}

impl Copier<'_> {
    /// Refuses a path whose real location is outside the repository.
    fn check_inside(&self, path: &Path, rel: &str, what: &str) -> Result<(), RunError> {
        if canonical(path)?.starts_with(&self.canonical) {
            Ok(())
        } else {
            Err(RunError::OutsideRepository {
                path: rel.to_owned(),
                location: format!("the {what} `{rel}`"),
            })
        }
    }

    /// Copies the folder `rel`: its files, and its subfolders that are not module folders
    /// (with `module_folder`), or everything below it.
    fn folder(&mut self, rel: &str, module_folder: bool) -> Result<(), RunError> {
        let source = self.repo.join(rel);
        let target = self.dest.join(rel);
        std::fs::create_dir_all(&target).map_err(|e| RunError::io("create", &target, e))?;
        let entries = std::fs::read_dir(&source).map_err(|e| RunError::io("read", &source, e))?;
        let mut names: Vec<(String, std::fs::FileType)> = entries
            .filter_map(Result::ok)
            .filter_map(|e| Some((e.file_name().into_string().ok()?, e.file_type().ok()?)))
            .collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, kind) in names {
            let child = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if kind.is_dir() {
                if excluded(&name, true) {
                    continue;
                }
                if !module_folder || !holds_terraform(&self.repo.join(&child)) {
                    self.folder(&child, false)?;
                }
            } else if !excluded(&name, false) {
                if module_folder && (name == OVERRIDE_FILE || name == PROVIDER_FILE) {
                    return Err(RunError::ReservedName { path: child });
                }
                self.file(&child)?;
            }
        }
        Ok(())
    }

    /// Copies the file `rel`, following a symbolic link that stays in the repository.
    fn file(&mut self, rel: &str) -> Result<(), RunError> {
        let source = self.repo.join(rel);
        let metadata =
            std::fs::symlink_metadata(&source).map_err(|e| RunError::io("read", &source, e))?;
        if metadata.file_type().is_symlink() {
            let inside = std::fs::canonicalize(&source)
                .is_ok_and(|real| real.starts_with(&self.canonical) && real.is_file());
            if !inside {
                return Ok(());
            }
        } else if !metadata.is_file() {
            return Ok(());
        }
        let target = self.dest.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| RunError::io("create", parent, e))?;
        }
        std::fs::copy(&source, &target).map_err(|e| RunError::io("copy", &source, e))?;
        Ok(())
    }

    /// Copies a file or folder a function reads, unless the copy has it already.
    fn extra(&mut self, rel: &str) -> Result<(), RunError> {
        let source = self.repo.join(rel);
        if rel.is_empty() || self.dest.join(rel).exists() || !source.exists() {
            return Ok(());
        }
        if !canonical(&source)?.starts_with(&self.canonical) {
            return Ok(());
        }
        if source.is_dir() {
            self.folder(rel, false)
        } else {
            self.file(rel)
        }
    }
}

/// Whether a folder holds `.tf` files of its own (it is a module folder, copied only when
/// called).
fn holds_terraform(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| folder::is_terraform_file(&e.file_name().to_string_lossy()))
    })
}

fn canonical(path: &Path) -> Result<PathBuf, RunError> {
    std::fs::canonicalize(path).map_err(|e| RunError::io("resolve", path, e))
}
