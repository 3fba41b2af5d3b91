//! Where in the repository something is.

use crate::{LineColumn, LineIndex, TextRange};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A span of one file: its repository-relative path, its byte range and the 1-based line and
/// column of both ends.
///
/// `path` uses `/` separators and is relative to the scanned repository root, so the same
/// location means the same thing on every machine and in every output format.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourceLocation {
    /// Repository-relative path with `/` separators, e.g. `modules/web/main.tf`.
    pub path: String,
    /// 0-based, half-open byte range.
    pub range: TextRange,
    /// 1-based line and column of `range.start`.
    pub start: LineColumn,
    /// 1-based line and column of `range.end` (exclusive column).
    pub end: LineColumn,
}

impl SourceLocation {
    /// Builds the location of `range` in `text`, indexed by `index`.
    #[must_use]
    pub fn new(path: impl Into<String>, text: &str, index: &LineIndex, range: TextRange) -> Self {
        Self {
            path: path.into(),
            range,
            start: index.line_column(text, range.start),
            end: index.line_column(text, range.end),
        }
    }

    /// Whether the location starts and ends on lines inside `first..=last` (1-based).
    #[must_use]
    pub fn within_lines(&self, first: u32, last: u32) -> bool {
        self.start.line >= first && self.start.line <= last
    }
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.start.line, self.start.column)
    }
}
