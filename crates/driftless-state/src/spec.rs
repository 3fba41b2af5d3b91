//! Which state files to read and which root module each belongs to: `--state FILE[=ROOT_DIR]`
//! (repeatable) and `--state-dir DIR` on the command line.
//!
//! A state says nothing about where its configuration lives, and the same address
//! (`aws_s3_bucket.logs`) appears in every environment's state, so each state is bound to the
//! repository-relative directory of its root module.

use crate::error::{StateError, StateErrorKind};
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

/// One state or plan file and the root module directory it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StateSpec {
    /// The file to read.
    pub path: PathBuf,
    /// The root module directory, repository-relative, `/` separators, no trailing `/`, `.`
    /// for the repository root.
    pub root_dir: String,
}

impl StateSpec {
    /// Binds `path` to `root_dir`, normalised: `\` becomes `/`, leading `./` and trailing `/`
    /// go, and an empty directory is `.`.
    #[must_use]
    pub fn new(path: impl Into<PathBuf>, root_dir: &str) -> Self {
        Self {
            path: path.into(),
            root_dir: normalize_root_dir(root_dir),
        }
    }
}

impl fmt::Display for StateSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.path.display(), self.root_dir)
    }
}

/// A `--state` value with no file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not FILE or FILE=ROOT_DIR: the file name is missing")]
pub struct StateSpecError(pub String);

impl FromStr for StateSpec {
    type Err = StateSpecError;

    /// Parses `FILE` (bound to `.`) or `FILE=ROOT_DIR`. The split is at the last `=`, so a
    /// file whose name holds `=` is given as `a=b.tfstate=.`.
    ///
    /// # Example
    /// ```
    /// use driftless_state::StateSpec;
    /// let spec: StateSpec = "prod.tfstate=./envs/prod/".parse().unwrap();
    /// assert_eq!(spec, StateSpec::new("prod.tfstate", "envs/prod"));
    /// assert_eq!("plan.json".parse::<StateSpec>().unwrap().root_dir, ".");
    /// ```
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (file, root) = text.rsplit_once('=').unwrap_or((text, "."));
        if file.is_empty() {
            return Err(StateSpecError(text.to_owned()));
        }
        Ok(Self::new(file, root))
    }
}

/// A root module directory as the index compares them: `/` separators, no leading `./`, no
/// trailing `/`, `.` for the root.
#[must_use]
pub fn normalize_root_dir(dir: &str) -> String {
    let dir = dir.trim().replace('\\', "/");
    let parts: Vec<&str> = dir
        .split('/')
        .enumerate()
        .filter(|&(i, p)| !(p == "." || (p.is_empty() && i > 0)))
        .map(|(_, p)| p)
        .collect();
    let joined = parts.join("/");
    if joined.is_empty() {
        ".".to_owned()
    } else {
        joined
    }
}

/// Finds the state files under `state_dir` (`--state-dir`) and binds each to the directory
/// that holds it, relative to `state_dir`: `envs/prod/terraform.tfstate` belongs to
/// `envs/prod`. Point `state_dir` at the repository (local backend), or at a folder of pulled
/// states laid out like the repository.
///
/// - Files whose name ends in `.tfstate` are states; `terraform.tfstate.backup` and other
///   names are not.
/// - A workspace state, `<dir>/terraform.tfstate.d/<workspace>/terraform.tfstate`, belongs to
///   `<dir>`.
/// - Folders whose name starts with `.` are skipped: `.terraform/terraform.tfstate` holds the
///   backend's settings (and sometimes its credentials), not resources; `.git` holds nothing.
/// - Symbolic links to folders are not followed.
///
/// The result is sorted by path.
///
/// # Errors
/// [`StateErrorKind::Io`] for a folder that cannot be listed, with that folder's path.
pub fn discover(state_dir: &Path) -> Result<Vec<StateSpec>, StateError> {
    let mut found = Vec::new();
    let mut stack = vec![state_dir.to_owned()];
    while let Some(dir) = stack.pop() {
        let io = |source| StateError::new(&dir, StateErrorKind::Io { source });
        for entry in std::fs::read_dir(&dir).map_err(io)? {
            let entry = entry.map_err(io)?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let file_type = entry.file_type().map_err(io)?;
            let path = entry.path();
            if file_type.is_dir() {
                if !name.starts_with('.') {
                    stack.push(path);
                }
            } else if name.ends_with(".tfstate") && path.is_file() {
                let relative = path.strip_prefix(state_dir).unwrap_or(&path);
                found.push(StateSpec::new(path.clone(), &root_of(relative)));
            }
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

/// The root module directory of a state at `relative` (a path relative to the state dir).
fn root_of(relative: &Path) -> String {
    let dirs: Vec<String> = relative
        .parent()
        .map(|p| {
            p.components()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let cut = dirs
        .iter()
        .position(|d| d == "terraform.tfstate.d")
        .unwrap_or(dirs.len());
    normalize_root_dir(&dirs[..cut].join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_dirs_normalise() {
        for (input, expected) in [
            ("", "."),
            (".", "."),
            ("./", "."),
            ("./envs/prod/", "envs/prod"),
            ("envs\\prod", "envs/prod"),
            ("envs//prod/./", "envs/prod"),
            ("/abs/root", "/abs/root"),
        ] {
            assert_eq!(normalize_root_dir(input), expected, "{input:?}");
        }
    }

    #[test]
    fn specs_parse() {
        assert_eq!(
            "a=b.tfstate=envs/a".parse::<StateSpec>().unwrap(),
            StateSpec::new("a=b.tfstate", "envs/a")
        );
        assert_eq!(
            "s.tfstate=".parse::<StateSpec>().unwrap(),
            StateSpec::new("s.tfstate", ".")
        );
        assert_eq!(
            "=envs/a".parse::<StateSpec>().unwrap_err().to_string(),
            "`=envs/a` is not FILE or FILE=ROOT_DIR: the file name is missing"
        );
        assert_eq!(
            StateSpec::new("p.tfstate", "envs/p").to_string(),
            "p.tfstate=envs/p"
        );
    }

    #[test]
    fn workspace_states_belong_to_their_root() {
        assert_eq!(root_of(Path::new("terraform.tfstate")), ".");
        assert_eq!(
            root_of(Path::new("envs/prod/terraform.tfstate")),
            "envs/prod"
        );
        assert_eq!(
            root_of(Path::new(
                "app/terraform.tfstate.d/staging/terraform.tfstate"
            )),
            "app"
        );
    }
}
