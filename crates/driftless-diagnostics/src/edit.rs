//! One change to one file: replace a byte range with new text.

use crate::TextRange;
use serde::{Deserialize, Serialize};

/// Replace the bytes `range` of the file at `path` with `content`.
///
/// An empty `range` is an insertion, an empty `content` a deletion. `path` is
/// repository-relative with `/` separators, as in [`crate::SourceLocation`]; a fix can touch
/// several files (the resource's file and a `.tfvars` file, say).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Edit {
    /// Repository-relative path of the file to change.
    pub path: String,
    /// 0-based half-open byte range to replace, in the file as read from disk.
    pub range: TextRange,
    /// The replacement text, with `\n` line endings (the writer restores CRLF files).
    pub content: String,
}

impl Edit {
    /// Insert `content` at byte `offset` of `path`.
    #[must_use]
    pub fn insertion(path: impl Into<String>, offset: u32, content: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            range: TextRange::empty(offset),
            content: content.into(),
        }
    }

    /// Replace `range` of `path` with `content`.
    #[must_use]
    pub fn replacement(
        path: impl Into<String>,
        range: TextRange,
        content: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            range,
            content: content.into(),
        }
    }

    /// Delete `range` of `path`.
    #[must_use]
    pub fn deletion(path: impl Into<String>, range: TextRange) -> Self {
        Self {
            path: path.into(),
            range,
            content: String::new(),
        }
    }

    /// Whether this edit and `other` touch overlapping bytes of the same file.
    #[must_use]
    pub fn conflicts_with(&self, other: &Self) -> bool {
        self.path == other.path && self.range.overlaps(other.range) && self != other
    }
}
