//! Byte ranges into a source file.
//!
//! Offsets are 0-based byte offsets into the file's bytes as read from disk (after nothing:
//! not after BOM stripping, not after CRLF folding), so an edit computed from a range can be
//! spliced into the original bytes.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A half-open range of 0-based byte offsets, `start..end`, into one file.
///
/// Offsets are `u32`: a file over 4 GiB is refused by the loader long before it reaches here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TextRange {
    /// 0-based byte offset of the first byte.
    pub start: u32,
    /// 0-based byte offset one past the last byte.
    pub end: u32,
}

impl TextRange {
    /// Builds `start..end`.
    ///
    /// # Panics
    /// Panics in debug builds if `end < start`.
    #[must_use]
    pub fn new(start: u32, end: u32) -> Self {
        debug_assert!(start <= end, "range {start}..{end} is reversed");
        Self { start, end }
    }

    /// An empty range at `offset`, the site of an insertion.
    #[must_use]
    pub fn empty(offset: u32) -> Self {
        Self::new(offset, offset)
    }

    /// Converts a `usize` range as returned by hcl-edit's `Span::span()`.
    ///
    /// # Panics
    /// Panics if an offset does not fit in `u32` (files are limited to far less).
    #[must_use]
    pub fn from_usize(range: Range<usize>) -> Self {
        let start = u32::try_from(range.start).expect("offset fits in u32");
        let end = u32::try_from(range.end).expect("offset fits in u32");
        Self::new(start, end)
    }

    /// Length in bytes.
    #[must_use]
    pub fn len(self) -> u32 {
        self.end - self.start
    }

    /// Whether the range is empty (an insertion point).
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether the two ranges share at least one byte, or are the same insertion point.
    #[must_use]
    pub fn overlaps(self, other: Self) -> bool {
        if self.is_empty() && other.is_empty() {
            return self.start == other.start;
        }
        self.start < other.end && other.start < self.end
            || (self.is_empty() && other.start < self.start && self.start < other.end)
            || (other.is_empty() && self.start < other.start && other.start < self.end)
    }

    /// Whether `offset` lies in `start..end`.
    #[must_use]
    pub fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The range as `usize`, for slicing.
    #[must_use]
    pub fn to_usize(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

#[cfg(test)]
mod tests {
    use super::TextRange;

    #[test]
    fn overlap_rules() {
        let a = TextRange::new(0, 5);
        assert!(a.overlaps(TextRange::new(4, 8)));
        assert!(
            !a.overlaps(TextRange::new(5, 8)),
            "touching ranges do not overlap"
        );
        assert!(
            a.overlaps(TextRange::empty(3)),
            "an insertion inside a replacement overlaps"
        );
        assert!(
            !a.overlaps(TextRange::empty(5)),
            "an insertion at the end does not"
        );
        assert!(TextRange::empty(2).overlaps(TextRange::empty(2)));
        assert!(!TextRange::empty(2).overlaps(TextRange::empty(3)));
    }
}
