//! Terraform's file functions (`file`, `fileexists`, and the reading half of
//! `templatefile`) confined to the scanned repository. A relative path is resolved as
//! Terraform resolves it, from the working directory, which is the root module's folder
//! (`path.module` and `path.root` are relative to it); a path outside the repository (an
//! absolute path, `~`, a `..` that climbs out of the scanned folder, a symbolic link whose
//! target lies outside) is never read and evaluates to Unknown, as does a file larger than
//! [`MAX_FILE_BYTES`].
//!
//! Sources: <https://developer.hashicorp.com/terraform/language/functions/file>,
//! <https://developer.hashicorp.com/terraform/language/functions/fileexists>,
//! <https://developer.hashicorp.com/terraform/language/expressions/references#filesystem-and-workspace-info>.

use crate::eval::error::EvalError;
use crate::files::project::normalize;
use std::collections::HashMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The largest file `file`, `templatefile` and `fileexists`-guarded reads take (4 MiB); a
/// larger file is Unknown and is not read past this size.
pub(crate) const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// What one read gave: the text, Unknown (`None`), or Terraform's error.
type ReadResult = Result<Option<Arc<str>>, EvalError>;

/// Where the file functions of one root module read: the scanned repository and the root
/// module's folder (Terraform's working directory). Each file is read once per root module,
/// however many instances read it.
#[derive(Debug)]
pub(crate) struct FileRoots {
    /// The scanned repository, absolute, `.` and `..` folded.
    repo: PathBuf,
    /// The same folder with symbolic links resolved, when it exists.
    repo_canonical: Option<PathBuf>,
    /// The root module's folder, absolute.
    working_dir: PathBuf,
    /// Reads so far, by resolved path.
    cache: Mutex<HashMap<PathBuf, ReadResult>>,
}

impl FileRoots {
    /// Roots for root module folder `working_dir` of the repository at `repo` (both
    /// absolute).
    #[must_use]
    pub(crate) fn new(repo: &Path, working_dir: &Path) -> Self {
        Self {
            repo: normalize(repo),
            repo_canonical: std::fs::canonicalize(repo).ok(),
            working_dir: normalize(working_dir),
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The file `path` names, when it lies inside the repository; `None` for a path outside
    /// it (never to be read), an absolute path or one starting with `~`.
    fn resolve(&self, path: &str) -> Option<PathBuf> {
        if path.starts_with('~') || Path::new(path).is_absolute() || path.contains('\0') {
            return None;
        }
        let joined = normalize(&self.working_dir.join(path));
        if !joined.starts_with(&self.repo) {
            return None;
        }
        // A symbolic link inside the repository may point out of it.
        match (std::fs::canonicalize(&joined), &self.repo_canonical) {
            (Ok(real), Some(repo)) if real.starts_with(repo) => Some(joined),
            (Ok(_), _) => None,
            // Nothing there (yet): reported as missing, nothing is read.
            (Err(_), _) => Some(joined),
        }
    }

    /// `fileexists(path)`: `Some(true)` for a file, `Some(false)` when nothing is there,
    /// `None` (Unknown) outside the repository.
    ///
    /// # Errors
    /// A directory at `path` (Terraform: "is not a regular file").
    pub(crate) fn exists(&self, path: &str) -> Result<Option<bool>, EvalError> {
        let Some(p) = self.resolve(path) else {
            return Ok(None);
        };
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => Err(EvalError::NoFile {
                path: path.to_owned(),
            }),
            Ok(_) => Ok(Some(true)),
            Err(_) => Ok(Some(false)),
        }
    }

    /// The text of the file at `path`: `Ok(None)` (Unknown) outside the repository, above
    /// [`MAX_FILE_BYTES`] or when the file cannot be read for another reason.
    ///
    /// # Errors
    /// No file at `path` inside the repository, or one that is not UTF-8: Terraform fails
    /// there too, so `try` and `can` see it.
    pub(crate) fn read(&self, path: &str) -> ReadResult {
        let Some(p) = self.resolve(path) else {
            return Ok(None);
        };
        if let Some(hit) = self.cache.lock().ok().and_then(|c| c.get(&p).cloned()) {
            return hit;
        }
        let result = read_file(&p, path);
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(p, result.clone());
        }
        result
    }
}

/// Reads the file at `p` (named `path` in errors) under [`MAX_FILE_BYTES`].
fn read_file(p: &Path, path: &str) -> ReadResult {
    let Ok(file) = std::fs::File::open(p) else {
        return Err(EvalError::NoFile {
            path: path.to_owned(),
        });
    };
    match file.metadata() {
        Ok(m) if m.is_file() && m.len() <= MAX_FILE_BYTES => {}
        Ok(m) if m.is_dir() => {
            return Err(EvalError::NoFile {
                path: path.to_owned(),
            });
        }
        _ => return Ok(None),
    }
    let mut bytes = Vec::new();
    // The file may grow between the size check and the read: read one byte past the
    // limit at most.
    if file
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .is_err()
        || bytes.len() as u64 > MAX_FILE_BYTES
    {
        return Ok(None);
    }
    String::from_utf8(bytes)
        .map(|s| Some(Arc::from(s)))
        .map_err(|_| EvalError::NotUtf8 {
            what: format!("the file {path}"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_inside_the_repository_only() {
        let outer = tempfile::tempdir().unwrap();
        let repo = outer.path().join("repo");
        std::fs::create_dir_all(repo.join("envs/prod")).unwrap();
        std::fs::write(repo.join("shared.yaml"), "a: 1").unwrap();
        std::fs::write(repo.join("envs/prod/local.txt"), "here").unwrap();
        std::fs::write(outer.path().join("secret.txt"), "secret").unwrap();
        let roots = FileRoots::new(&repo, &repo.join("envs/prod"));
        assert_eq!(roots.read("local.txt"), Ok(Some(Arc::from("here"))));
        assert_eq!(
            roots.read("./../../shared.yaml"),
            Ok(Some(Arc::from("a: 1")))
        );
        // Out of the repository: never read.
        assert_eq!(roots.read("../../../secret.txt"), Ok(None));
        let abs = outer.path().join("secret.txt");
        assert_eq!(roots.read(abs.to_str().unwrap()), Ok(None));
        assert_eq!(roots.read("~/secret.txt"), Ok(None));
        assert_eq!(roots.exists("../../../secret.txt"), Ok(None));
        // Missing inside: Terraform's error.
        assert!(matches!(
            roots.read("nope.txt"),
            Err(EvalError::NoFile { .. })
        ));
        assert_eq!(roots.exists("nope.txt"), Ok(Some(false)));
        assert_eq!(roots.exists("local.txt"), Ok(Some(true)));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outer.path().join("secret.txt"), repo.join("link.txt"))
                .unwrap();
            assert_eq!(roots.read("../../link.txt"), Ok(None));
        }
    }

    #[test]
    fn a_file_past_the_limit_is_unknown() {
        let repo = tempfile::tempdir().unwrap();
        let big = std::fs::File::create(repo.path().join("big.txt")).unwrap();
        big.set_len(MAX_FILE_BYTES + 1).unwrap();
        std::fs::write(repo.path().join("bad.bin"), [0xff, 0xfe]).unwrap();
        let roots = FileRoots::new(repo.path(), repo.path());
        assert_eq!(roots.read("big.txt"), Ok(None));
        assert!(matches!(
            roots.read("bad.bin"),
            Err(EvalError::NotUtf8 { .. })
        ));
    }
}
