//! Finding the Terraform files of a repository: `.tf` and `.tfvars` files, honouring
//! `.gitignore`, skipping hidden folders (`.terraform/` above all: fetched modules are read
//! through `modules.json`, never walked) and reporting what is deliberately not scanned.

use driftless_diagnostics::{InputError, InputErrorKind};
use std::path::{Path, PathBuf};

/// What kind of file the walk found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// `*.tf`: configuration.
    Config,
    /// `*.tfvars`: variable values.
    Vars,
    /// `*.tfvars.json`: variable values in JSON.
    VarsJson,
}

/// A file to parse: absolute path, repository-relative path, kind.
#[derive(Debug, Clone)]
pub(crate) struct WalkedFile {
    /// Absolute path.
    pub abs_path: PathBuf,
    /// Repository-relative path with `/` separators.
    pub path: String,
    /// Configuration or variables.
    pub kind: FileKind,
}

/// The result of walking: files to parse and inputs reported without parsing.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// Files to parse, sorted by path.
    pub files: Vec<WalkedFile>,
    /// Skipped files (`.tf.json`) and walk errors (symlink loops, unreadable folders).
    pub errors: Vec<InputError>,
}

/// Repository-relative path of `abs` from `root`, with `/` separators: `modules/web/main.tf`,
/// or `../shared/main.tf` for a file outside the repository (a module source or variable file
/// that points out of it). Both paths are absolute and compared lexically.
#[must_use]
pub fn relative_path(root: &Path, abs: &Path) -> String {
    let root: Vec<_> = root.components().collect();
    let abs: Vec<_> = abs.components().collect();
    let common = root.iter().zip(&abs).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> =
        std::iter::repeat_n("..".to_owned(), root.len() - common).collect();
    parts.extend(
        abs[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

/// Walks `root` (a folder; a single file is walked as itself).
#[must_use]
pub(crate) fn walk(root: &Path) -> Walk {
    let mut out = Walk::default();
    if root.is_file() {
        let base = root.parent().unwrap_or(Path::new("."));
        classify(base, root, &mut out);
        return out;
    }
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .follow_links(true)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".terraform")
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                if e.file_type().is_some_and(|t| t.is_file()) {
                    classify(root, e.path(), &mut out);
                }
            }
            Err(err) => out.errors.push(walk_error(root, &err)),
        }
    }
    out.files.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

// Terraform matches `.tf` and `.tfvars` case-sensitively: `main.TF` is not configuration.
#[allow(clippy::case_sensitive_file_extension_comparisons)]
fn classify(root: &Path, abs: &Path, out: &mut Walk) {
    let name = abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path = relative_path(root, abs);
    let kind = if name.ends_with(".tfvars.json") {
        FileKind::VarsJson
    } else if name.ends_with(".tf.json") {
        out.errors.push(InputError {
            kind: InputErrorKind::Skipped,
            path,
            position: None,
            message: "Terraform JSON syntax is not scanned yet; its resources are not checked"
                .to_owned(),
        });
        return;
    } else if name.ends_with(".tf") {
        FileKind::Config
    } else if name.ends_with(".tfvars") {
        FileKind::Vars
    } else {
        return;
    };
    out.files.push(WalkedFile {
        abs_path: abs.to_path_buf(),
        path,
        kind,
    });
}

fn walk_error(root: &Path, err: &ignore::Error) -> InputError {
    fn find(err: &ignore::Error) -> (Option<&Path>, String) {
        match err {
            ignore::Error::WithPath { path, err } => (Some(path.as_path()), find(err).1),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                find(err)
            }
            ignore::Error::Loop { ancestor, child } => (
                Some(child.as_path()),
                format!(
                    "symbolic link loop: it leads back to {}; not followed",
                    ancestor.display()
                ),
            ),
            other => (None, other.to_string()),
        }
    }
    let (path, message) = find(err);
    InputError {
        kind: InputErrorKind::Unreadable,
        path: path.map_or_else(|| ".".to_owned(), |p| relative_path(root, p)),
        position: None,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_inside_and_outside_the_root() {
        let root = Path::new("/repo/infra");
        assert_eq!(
            relative_path(root, Path::new("/repo/infra/modules/a.tf")),
            "modules/a.tf"
        );
        assert_eq!(relative_path(root, Path::new("/repo/infra")), ".");
        assert_eq!(
            relative_path(root, Path::new("/repo/shared/m/main.tf")),
            "../shared/m/main.tf"
        );
        assert_eq!(
            relative_path(root, Path::new("/tmp/x.tfvars")),
            "../../tmp/x.tfvars"
        );
    }

    #[test]
    fn walks_tf_and_tfvars_skips_dot_terraform_and_reports_json() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".terraform/modules/x")).unwrap();
        std::fs::create_dir_all(root.join("modules/web")).unwrap();
        std::fs::write(root.join("main.tf"), "").unwrap();
        std::fs::write(root.join("terraform.tfvars"), "").unwrap();
        std::fs::write(root.join("modules/web/main.tf"), "").unwrap();
        std::fs::write(root.join(".terraform/modules/x/main.tf"), "").unwrap();
        std::fs::write(root.join("extra.tf.json"), "{}").unwrap();
        std::fs::write(root.join("README.md"), "").unwrap();
        let w = walk(root);
        let paths: Vec<&str> = w.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            ["main.tf", "modules/web/main.tf", "terraform.tfvars"]
        );
        assert_eq!(w.errors.len(), 1);
        assert_eq!(w.errors[0].kind, InputErrorKind::Skipped);
        assert_eq!(w.errors[0].path, "extra.tf.json");
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_reported_not_followed_forever() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/main.tf"), "").unwrap();
        std::os::unix::fs::symlink(root.join("a"), root.join("a/loop")).unwrap();
        let w = walk(root);
        assert_eq!(w.files.iter().filter(|f| f.path == "a/main.tf").count(), 1);
        assert!(
            w.errors
                .iter()
                .any(|e| e.message.contains("symbolic link loop")),
            "{:?}",
            w.errors
        );
    }
}
