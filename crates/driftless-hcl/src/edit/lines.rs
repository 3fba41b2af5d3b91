//! The whole lines a nested block stands on, for an edit that deletes the block without
//! leaving an empty, indented line behind.

use crate::view::BlockView;
use driftless_diagnostics::TextRange;

/// The lines a nested block stands on, from [`block_lines`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockLines<'a> {
    /// The block's first line, 1-based.
    pub first: u32,
    /// The block's last line, 1-based.
    pub last: u32,
    /// From the start of the first line to the end of the last, its line ending included (to
    /// the end of the file on the last line of a file without a final newline).
    pub range: TextRange,
    /// What follows the block on its last line, trimmed: empty, or a comment, or other code.
    pub after: &'a str,
}

/// The lines `block` stands on, when nothing but blanks precedes it on its first line;
/// `None` when other text does. The caller decides from [`BlockLines::after`] whether what
/// follows it on its last line may go with it.
#[must_use]
pub fn block_lines(block: &BlockView) -> Option<BlockLines<'_>> {
    let file = &block.file;
    let text = file.text.as_str();
    let index = &file.line_index;
    let range = block.location.range;
    let first = index.line_of(range.start);
    let last = index.line_of(range.end.saturating_sub(1).max(range.start));
    let start = index.line_start(first)?;
    let last_start = index.line_start(last)?;
    if !text[start as usize..range.start as usize].trim().is_empty() {
        return None;
    }
    let after = index
        .line_text(text, last)
        .get((range.end - last_start) as usize..)
        .unwrap_or_default()
        .trim();
    let end = index
        .line_start(last + 1)
        .unwrap_or_else(|| u32::try_from(text.len()).unwrap_or(u32::MAX));
    Some(BlockLines {
        first,
        last,
        range: TextRange::new(start, end),
        after,
    })
}
