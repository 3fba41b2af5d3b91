//! Test support shared by driftless's test suites. A dev-dependency only, never published.
//!
//! [`corpus`] finds the public test corpus: Terraform, states, findings and test cases written
//! by other projects, which is too large to carry in the repository and sits beside the
//! checkout in `../shared/corpus` (or wherever `DRIFTLESS_CORPUS` points). A test that reads
//! it starts with
//!
//! ```no_run
//! let Some(corpus) = driftless_testkit::corpus() else {
//!     return;
//! };
//! # let _ = corpus;
//! ```
//!
//! so that on a fresh clone it says in one line that it was skipped and passes, and with
//! `DRIFTLESS_REQUIRE_CORPUS=1` (as `.ci/run` sets it) it fails instead.
//!
//! [`terraform`] finds Terraform (or OpenTofu) and a local mirror of the AWS provider for the
//! tests that run the real Terraform, with the same skip-or-fail rule
//! (`DRIFTLESS_REQUIRE_TERRAFORM=1`).
//!
//! [`files_with_extension`] lists a folder's files of one kind. [`git`] runs git with a fixed
//! identity and no user configuration, and [`seed_remote`] makes a bare remote with one
//! commit, for the tests that sync, propose and merge against a real repository.
#![warn(missing_docs)]

mod files;
mod git;
mod terraform;

pub use files::files_with_extension;
pub use git::{git, seed_remote};
pub use terraform::{
    MIRROR_VARIABLE, REQUIRE_TERRAFORM_VARIABLE, TERRAFORM_VARIABLE, TerraformTools, terraform,
};

use std::ffi::OsString;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The environment variable naming the corpus folder, instead of `../shared/corpus`.
pub const CORPUS_VARIABLE: &str = "DRIFTLESS_CORPUS";

/// The environment variable that turns a skip into a failure when set to `1`.
pub const REQUIRE_VARIABLE: &str = "DRIFTLESS_REQUIRE_CORPUS";

/// The workspace root: the nearest folder above the running test's crate whose
/// `Cargo.toml` declares `[workspace]`.
///
/// The test's crate is read at run time (`cargo test` sets `CARGO_MANIFEST_DIR` for the test
/// process), not fixed when this crate was compiled: a `target/` folder copied to another
/// checkout reuses this crate's build, and a compile-time path would still name the old
/// checkout. Outside cargo, the folder two above this crate's own manifest.
#[must_use]
pub fn workspace_root() -> PathBuf {
    let compiled = || {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .components()
            .collect()
    };
    let Some(start) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
        return compiled();
    };
    start
        .ancestors()
        .find(|dir| {
            std::fs::read_to_string(dir.join("Cargo.toml"))
                .is_ok_and(|toml| toml.lines().any(|l| l.trim() == "[workspace]"))
        })
        .map_or_else(compiled, Path::to_path_buf)
}

/// Where the corpus is looked for: `$DRIFTLESS_CORPUS` when it is set and not empty, else
/// `../shared/corpus` beside the workspace. It may not exist; see [`corpus`].
#[must_use]
pub fn corpus_root() -> PathBuf {
    CorpusLookup::from_env().root
}

/// The corpus folder, when it is there.
///
/// When it is not, writes one line to standard error, `skipped: <test>: <why>`, past the
/// test harness's capture so that `cargo test` shows it, and returns `None`: the test then
/// returns and passes.
///
/// # Panics
/// When the corpus is absent and `DRIFTLESS_REQUIRE_CORPUS=1`, with the same explanation.
#[must_use]
#[track_caller]
pub fn corpus() -> Option<PathBuf> {
    let lookup = CorpusLookup::from_env();
    match lookup.check() {
        Ok(root) => Some(root),
        Err(absent) => skip_or_fail(
            &absent,
            lookup.required,
            &format!(
                "{REQUIRE_VARIABLE}=1 requires it (put it there or set {CORPUS_VARIABLE} to its folder)"
            ),
        ),
    }
}

/// Says in one line that the running test was skipped because of `absent`, and returns
/// `None`; when `required`, fails the test instead, with `absent` and `requirement`.
///
/// # Panics
/// When `required`.
#[track_caller]
fn skip_or_fail<T>(absent: &dyn fmt::Display, required: bool, requirement: &str) -> Option<T> {
    assert!(!required, "{absent}, and {requirement}");
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    // `eprintln!` would be captured with the output of a passing test; this line is meant to
    // be seen. One write, so that parallel tests do not mix their lines.
    let line = format!("skipped: {test}: {absent}\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
    None
}

/// Where to look for the corpus and whether it must be there, from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CorpusLookup {
    root: PathBuf,
    /// The root came from `DRIFTLESS_CORPUS`.
    from_variable: bool,
    required: bool,
}

impl CorpusLookup {
    fn from_env() -> CorpusLookup {
        CorpusLookup::new(
            std::env::var_os(CORPUS_VARIABLE),
            std::env::var_os(REQUIRE_VARIABLE),
        )
    }

    fn new(corpus: Option<OsString>, require: Option<OsString>) -> CorpusLookup {
        let (root, from_variable) = match corpus {
            Some(path) if !path.is_empty() => (PathBuf::from(path), true),
            _ => (workspace_root().join("../shared/corpus"), false),
        };
        CorpusLookup {
            root,
            from_variable,
            required: require.is_some_and(|value| value == "1"),
        }
    }

    /// The root when it is a directory.
    fn check(&self) -> Result<PathBuf, CorpusAbsent> {
        if self.root.is_dir() {
            Ok(self.root.clone())
        } else {
            Err(CorpusAbsent {
                root: self.root.clone(),
                from_variable: self.from_variable,
            })
        }
    }
}

/// Why the corpus cannot be read: the folder looked for is not a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CorpusAbsent {
    root: PathBuf,
    from_variable: bool,
}

impl fmt::Display for CorpusAbsent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from_variable {
            write!(
                f,
                "the public test corpus is not at {} ({CORPUS_VARIABLE})",
                self.root.display()
            )
        } else {
            write!(
                f,
                "the public test corpus (../shared/corpus) is not beside the checkout"
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_root_is_the_folder_of_the_workspace_manifest() {
        let root = workspace_root();
        assert!(root.join("Cargo.lock").is_file(), "{}", root.display());
        assert!(
            root.join("crates/driftless-testkit").is_dir(),
            "{}",
            root.display()
        );
    }

    #[test]
    fn the_variable_names_the_root_and_only_1_requires_it() {
        let lookup = CorpusLookup::new(Some("/elsewhere/corpus".into()), Some("1".into()));
        assert_eq!(lookup.root, Path::new("/elsewhere/corpus"));
        assert!(lookup.from_variable && lookup.required);
        let lookup = CorpusLookup::new(Some("".into()), Some("0".into()));
        assert_eq!(lookup.root, workspace_root().join("../shared/corpus"));
        assert!(!lookup.from_variable && !lookup.required);
        assert!(!CorpusLookup::new(None, None).required);
    }

    #[test]
    fn an_absent_corpus_is_explained_in_one_line() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("no-such-corpus");
        let lookup = CorpusLookup::new(Some(dir.clone().into()), None);
        let absent = lookup.check().unwrap_err();
        assert_eq!(
            absent.to_string(),
            format!(
                "the public test corpus is not at {} (DRIFTLESS_CORPUS)",
                dir.display()
            )
        );
        let absent = CorpusAbsent {
            root: PathBuf::from("/x/shared/corpus"),
            from_variable: false,
        };
        assert_eq!(
            absent.to_string(),
            "the public test corpus (../shared/corpus) is not beside the checkout"
        );
        let here = CorpusLookup::new(Some(env!("CARGO_MANIFEST_DIR").into()), None);
        assert_eq!(here.check().unwrap(), Path::new(env!("CARGO_MANIFEST_DIR")));
    }
}
