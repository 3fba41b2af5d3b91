//! The scratch copy of a root module: what Terraform needs to plan it, and nothing of the
//! user's working state.
//!
//! Copied, keeping their places relative to the repository's root (so `../modules/x` and
//! `${path.module}/...` resolve as in the repository): the root module's folder, every local
//! module folder it calls (transitively), and in each of them the files and the subfolders that
//! hold no `.tf` file, at any depth (`templates/`, `policies/`: what `${path.module}/...`
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
    let copier = Copier {
        repo,
        canonical,
        dest,
    };
    copier.check_inside(&repo.join(&root), &root, "the root module")?;
    let mut folders: Vec<(String, Folder)> = Vec::new();
    let mut queue = vec![root.clone()];
    let mut seen = BTreeSet::from([root.clone()]);
    while let Some(rel) = queue.pop() {
        let source = repo.join(&rel);
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
                copier.check_inside(&repo.join(&target), &call.source, &call.at)?;
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
    /// Refuses a folder whose real location (symbolic links followed) is outside the
    /// repository: `written` is its path as written at `location`.
    fn check_inside(&self, path: &Path, written: &str, location: &str) -> Result<(), RunError> {
        if canonical(path)?.starts_with(&self.canonical) {
            Ok(())
        } else {
            Err(RunError::OutsideRepository {
                path: written.to_owned(),
                location: location.to_owned(),
            })
        }
    }

    /// Copies the folder `rel`: its files, and the subfolders below it that are not module
    /// folders (a module folder is copied when it is called). `module_folder` says whether
    /// `rel` is one, where driftless writes its own files.
    fn folder(&self, rel: &str, module_folder: bool) -> Result<(), RunError> {
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
                if !holds_terraform(&self.repo.join(&child)) {
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
    fn file(&self, rel: &str) -> Result<(), RunError> {
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
    fn extra(&self, rel: &str) -> Result<(), RunError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    /// Every file under `dir`, repository-relative, sorted.
    fn listing(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path.strip_prefix(dir).unwrap();
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn paths_join_inside_the_repository_only() {
        assert_eq!(
            join("envs/prod", "../../modules/vol").as_deref(),
            Some("modules/vol")
        );
        assert_eq!(join("", "./a/./b/").as_deref(), Some("a/b"));
        assert_eq!(join("envs", "../.."), None);
    }

    #[test]
    fn what_a_root_module_needs_and_nothing_of_the_users_state() {
        let repo = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        write(
            repo.path(),
            &[
                (
                    "envs/prod/main.tf",
                    "module \"vol\" {\n  source = \"../../modules/vol\"\n}\n\
                     output \"p\" {\n  value = file(\"../../shared/p.txt\")\n}\n",
                ),
                ("envs/prod/terraform.tfvars", "x = 1\n"),
                ("envs/prod/terraform.tfstate", "{}"),
                ("envs/prod/terraform.tfstate.backup", "{}"),
                ("envs/prod/.terraform.lock.hcl", ""),
                ("envs/prod/.terraform/modules/modules.json", "{}"),
                ("envs/prod/terraform.tfstate.d/dev/terraform.tfstate", "{}"),
                ("envs/dev/main.tf", "# another root module\n"),
                (
                    "modules/vol/main.tf",
                    "resource \"aws_ebs_volume\" \"v\" {}\n",
                ),
                ("modules/vol/templates/user_data.sh", "#!/bin/sh\n"),
                ("modules/vol/modules/unused/main.tf", "# not called\n"),
                ("shared/p.txt", "p"),
                ("shared/q.txt", "q"),
                (".git/HEAD", "ref: refs/heads/main\n"),
            ],
        );
        std::fs::write(outside.path().join("secret.txt"), "s").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink(
                outside.path().join("secret.txt"),
                repo.path().join("envs/prod/linked_out.txt"),
            )
            .unwrap();
            symlink(
                repo.path().join("shared/q.txt"),
                repo.path().join("envs/prod/linked_in.txt"),
            )
            .unwrap();
            symlink(
                repo.path().join("shared"),
                repo.path().join("envs/prod/linked_dir"),
            )
            .unwrap();
        }
        let dest = tempfile::tempdir().unwrap();
        let copied = copy_root(repo.path(), "envs/prod", dest.path()).unwrap();
        let folders: Vec<&str> = copied.folders.iter().map(|(rel, _)| rel.as_str()).collect();
        assert_eq!(folders, ["envs/prod", "modules/vol"]);
        let mut expected = vec![
            "envs/prod/main.tf",
            "envs/prod/terraform.tfvars",
            "modules/vol/main.tf",
            "modules/vol/templates/user_data.sh",
            "shared/p.txt",
        ];
        if cfg!(unix) {
            expected.insert(0, "envs/prod/linked_in.txt");
        }
        assert_eq!(listing(dest.path()), expected);
    }

    #[test]
    fn modules_from_the_network_or_outside_are_refused() {
        let repo = tempfile::tempdir().unwrap();
        write(
            repo.path(),
            &[
                (
                    "remote/main.tf",
                    "module \"vpc\" {\n  source = \"git::https://example.invalid/vpc.git\"\n}\n",
                ),
                (
                    "up/main.tf",
                    "\n\nmodule \"up\" {\n  source = \"../../elsewhere\"\n}\n",
                ),
            ],
        );
        let dest = tempfile::tempdir().unwrap();
        let e = copy_root(repo.path(), "remote", dest.path()).err().unwrap();
        assert!(matches!(e, RunError::RemoteModule { .. }), "{e}");
        let e = copy_root(repo.path(), "up", dest.path()).err().unwrap();
        assert_eq!(
            e.to_string(),
            "up/main.tf:3: `../../elsewhere` leads outside the repository, which driftless does not copy"
        );
        let e = copy_root(repo.path(), "../x", dest.path()).err().unwrap();
        assert!(matches!(e, RunError::NoRootModule(_)), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn a_module_folder_linked_from_outside_is_refused() {
        let repo = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        write(
            repo.path(),
            &[("main.tf", "module \"m\" {\n  source = \"./linked\"\n}\n")],
        );
        std::os::unix::fs::symlink(outside.path(), repo.path().join("linked")).unwrap();
        let dest = tempfile::tempdir().unwrap();
        let e = copy_root(repo.path(), "", dest.path()).err().unwrap();
        assert_eq!(
            e.to_string(),
            "main.tf:1: `./linked` leads outside the repository, which driftless does not copy"
        );
    }

    #[test]
    fn a_file_named_like_the_override_is_refused() {
        let repo = tempfile::tempdir().unwrap();
        write(repo.path(), &[("main.tf", ""), (OVERRIDE_FILE, "")]);
        let dest = tempfile::tempdir().unwrap();
        let e = copy_root(repo.path(), ".", dest.path()).err().unwrap();
        assert!(matches!(e, RunError::ReservedName { .. }), "{e}");
    }
}
