//! Errors from reading one state or plan file: the file's path, the position when the problem
//! has one, and what went wrong, so that one broken file is reported and the others still load.
//!
//! Messages never quote attribute values: a state file holds secrets, and an error message ends
//! up in logs and CI output.

use driftless_diagnostics::{InputError, InputErrorKind, LineColumn};
use std::fmt;
use std::path::{Path, PathBuf};

/// One state or plan file that could not be read. The other files go on loading; the CLI
/// reports this one and exits 2 (`docs/architecture.md`, "Decisions that cut across crates":
/// exit status).
///
/// Displayed as `path:line:column: message` when the position is known, else `path: message`.
#[derive(Debug)]
pub struct StateError {
    /// The file, as given to [`crate::load`] (or to [`crate::parse`]).
    pub path: PathBuf,
    /// 1-based line and column of the problem in the decoded text, the column counted in
    /// characters; for JSON syntax and shape errors only.
    pub position: Option<LineColumn>,
    /// What went wrong.
    pub kind: StateErrorKind,
}

/// What went wrong with a state or plan file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StateErrorKind {
    /// The file could not be read from disk.
    #[error("cannot read the file")]
    Io {
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The file is empty or holds only white space (`terraform state pull` of a missing
    /// workspace writes such a file).
    #[error("empty state file")]
    Empty,
    /// The bytes are not text in a supported encoding: UTF-8 (with or without byte order mark)
    /// or UTF-16 (little or big endian, with a byte order mark, or without one when the first
    /// character is ASCII).
    #[error("{message} at byte offset {offset}")]
    Encoding {
        /// 0-based byte offset into the file of the first bad byte.
        offset: usize,
        /// What is wrong, "not valid UTF-8".
        message: &'static str,
    },
    /// The text is not JSON. The message says what the parser expected
    /// ("expected `,` or `}`", "EOF while parsing an object").
    #[error("invalid JSON: {message}")]
    Syntax {
        /// The parser's message, without its position.
        message: String,
    },
    /// The text is JSON but a field has the wrong shape ("invalid type: string, expected a
    /// sequence" for `resources`), or a required field is missing.
    #[error("not a valid state or plan: {message}")]
    Shape {
        /// The parser's message, without its position.
        message: String,
    },
    /// A state file whose `version` is not 4. State version 3 and older (Terraform 0.11 and
    /// before) keep resources under `modules` instead of `resources`.
    #[error(
        "unsupported state version {version}: driftless reads state version 4 (Terraform 0.12 and later)"
    )]
    UnsupportedVersion {
        /// The file's `version` field.
        version: u64,
    },
    /// `terraform show -json` output whose `format_version` has a major version other than 0
    /// or 1 (<https://developer.hashicorp.com/terraform/internals/json-format>: a major change
    /// is not backward compatible).
    #[error(
        "unsupported JSON format version {format_version}: driftless reads `terraform show -json` format versions 0.x and 1.x"
    )]
    UnsupportedFormatVersion {
        /// The file's `format_version` field.
        format_version: String,
    },
    /// An OpenTofu state written with state encryption: only `encrypted_data` is readable.
    #[error(
        "the state is encrypted (OpenTofu state encryption): give driftless the output of `tofu show -json` instead"
    )]
    Encrypted,
    /// JSON that is neither a state file nor `terraform show -json` output.
    #[error(
        "not a Terraform state or plan: expected a `version` field (state file) or a `format_version` field (`terraform show -json`)"
    )]
    NotState,
    /// A resource or module address in the file that does not parse.
    #[error("{message}")]
    Address {
        /// The address parser's message, which quotes the address.
        message: String,
    },
}

impl StateError {
    pub(crate) fn new(path: &Path, kind: StateErrorKind) -> Self {
        Self {
            path: path.to_owned(),
            position: None,
            kind,
        }
    }

    /// This error as one entry of a report's input errors, with `path` (repository-relative,
    /// `/` separators) in place of the file system path.
    ///
    /// Syntax and shape errors become [`InputErrorKind::Syntax`] with their position; a file
    /// that cannot be read, is empty or is not text becomes [`InputErrorKind::Unreadable`]; a
    /// file that is not a supported state becomes [`InputErrorKind::Unresolved`].
    #[must_use]
    pub fn to_input_error(&self, path: impl Into<String>) -> InputError {
        let kind = match self.kind {
            StateErrorKind::Io { .. } | StateErrorKind::Empty | StateErrorKind::Encoding { .. } => {
                InputErrorKind::Unreadable
            }
            StateErrorKind::Syntax { .. } | StateErrorKind::Shape { .. } => InputErrorKind::Syntax,
            _ => InputErrorKind::Unresolved,
        };
        InputError {
            kind,
            path: path.into(),
            position: self.position,
            message: self.kind.to_string(),
        }
    }
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(
                f,
                "{}:{}:{}: {}",
                self.path.display(),
                p.line,
                p.column,
                self.kind
            ),
            None => write!(f, "{}: {}", self.path.display(), self.kind),
        }
    }
}

impl std::error::Error for StateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.kind)
    }
}
