//! Reading committed files from a [`Mirror`]'s objects, never from a checkout.

use super::command::split_nul;
use super::{GitError, Mirror};

impl Mirror {
    /// The bytes of the regular file at `path` (repository-relative, `/`-separated) in
    /// `commit`, read from git's objects (never from a checkout); `None` when there is no
    /// such file. Same as [`read_file_limited`](Self::read_file_limited) without a limit.
    ///
    /// # Errors
    /// As [`read_file_limited`](Self::read_file_limited).
    pub fn read_file(&self, commit: &str, path: &str) -> Result<Option<Vec<u8>>, GitError> {
        Ok(match self.read_file_limited(commit, path, u64::MAX)? {
            Some(FileContent::Bytes(bytes)) => Some(bytes),
            Some(FileContent::TooLarge { .. }) | None => None,
        })
    }

    /// The regular file at `path` in `commit`, or its size when it is larger than
    /// `max_bytes` bytes (its content is then not read).
    ///
    /// Returns `None`, without asking git anything that could reach outside the repository,
    /// for a `commit` that is not a full hexadecimal object id, for a `path` that is empty,
    /// absolute, holds a NUL, a backslash, an empty, `.` or `..` component; and, after
    /// asking, for a commit the mirror lacks, a path the commit does not hold, and an entry
    /// that is not a regular file: a directory, a submodule, or a symbolic link (whose blob
    /// is its target's name; it is never followed).
    ///
    /// # Errors
    /// [`GitError::Failed`] or [`GitError::UnexpectedOutput`] when `git` fails otherwise.
    pub fn read_file_limited(
        &self,
        commit: &str,
        path: &str,
        max_bytes: u64,
    ) -> Result<Option<FileContent>, GitError> {
        if !is_object_id(commit) || !is_safe_path(path) {
            return Ok(None);
        }
        match self.resolve(commit) {
            Ok(_) => {}
            Err(GitError::UnknownRevision { .. }) => return Ok(None),
            Err(error) => return Err(error),
        }
        // `<mode> SP <type> SP <object> SP <size> TAB <path> NUL`, for the entry `path` itself
        // (literal pathspecs: no globbing).
        let mut git = self.git();
        git.args([
            "--literal-pathspecs",
            "ls-tree",
            "-z",
            "--long",
            "--full-tree",
        ])
        .arg(commit)
        .arg("--")
        .arg(path);
        let listing = git.run()?;
        let Some(entry) =
            split_nul(&listing).find(|e| e.split_once('\t').is_some_and(|(_, name)| name == path))
        else {
            return Ok(None);
        };
        let (meta, _) = entry
            .split_once('\t')
            .ok_or_else(|| git.unexpected(format!("no tab in {entry:?}")))?;
        let fields: Vec<&str> = meta.split_whitespace().collect();
        let [mode, kind, object, size] = fields[..] else {
            return Err(git.unexpected(format!("cannot read the entry {entry:?}")));
        };
        if kind != "blob" || !matches!(mode, "100644" | "100755") {
            return Ok(None);
        }
        let size: u64 = size
            .parse()
            .map_err(|_| git.unexpected(format!("size {size:?}")))?;
        if size > max_bytes {
            return Ok(Some(FileContent::TooLarge { size }));
        }
        let mut cat = self.git();
        cat.args(["cat-file", "blob"]).arg(object);
        let output = cat.output()?;
        if !output.status.success() {
            return Err(cat.failed(&output));
        }
        Ok(Some(FileContent::Bytes(output.stdout)))
    }
}

/// What [`Mirror::read_file_limited`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileContent {
    /// The file's bytes, as committed (any encoding).
    Bytes(Vec<u8>),
    /// The file is larger than the limit asked for.
    TooLarge {
        /// Its size in bytes.
        size: u64,
    },
}

/// Whether `text` is a full object id: 40 (SHA-1) or 64 (SHA-256) hexadecimal digits.
fn is_object_id(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether `path` is a plain repository-relative path: not empty, not absolute, no NUL or
/// backslash, and no empty, `.` or `..` component.
fn is_safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(['\0', '\\'])
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}
